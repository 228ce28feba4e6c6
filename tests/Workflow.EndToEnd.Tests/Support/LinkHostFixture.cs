using System.Collections.Concurrent;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Support;

/// <summary>One running service for a test class; each test works on systems of its own, so tests do not see each other's changes.</summary>
public class LinkHostFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _awaiting = new(StringComparer.Ordinal);

    internal AppHost Host { get; private set; } = null!;

    /// <summary>
    /// The systems the service runs the round for (every region's people are there whichever): the whole directory
    /// unless a class's own fixture names the few it works on, since each instance makes the start a little longer.
    /// </summary>
    protected virtual IReadOnlyCollection<string>? Systems => null;

    /// <summary>Brings the system to "awaiting agreement" of plan version 1, once for the class.</summary>
    internal Task AwaitingAgreementOnceAsync(string system) =>
        _awaiting.GetOrAdd(system, s => new Lazy<Task>(() => Host.AwaitingAgreementAsync(s))).Value;

    public async Task InitializeAsync() => Host = await AppHost.StartAsync(azurite, systems: Systems);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
