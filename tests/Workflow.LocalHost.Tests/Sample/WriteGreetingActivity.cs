using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace Workflow.LocalHost.Tests.Sample;

/// <summary>What the activity did, kept outside any one host so a test can count its effects across restarts.</summary>
public sealed class GreetingLog
{
    private readonly ConcurrentQueue<GreetingDraft> _written = new();

    public IReadOnlyCollection<GreetingDraft> Written => _written;

    public void Record(GreetingDraft draft) => _written.Enqueue(draft);
}

public sealed class WriteGreetingActivity(GreetingLog log)
{
    public const string Name = "WriteGreeting";

    [Function(Name)]
    public async Task<string> Run([ActivityTrigger] GreetingDraft draft, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        log.Record(draft);
        return $"Hello {draft.Name}, from {draft.Approver}";
    }
}
