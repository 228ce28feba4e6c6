using System.Collections.Concurrent;
using Workflow.Notifications;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Every send the service asked for, by message id. The mail drop names its files after the id, so a second send of
/// the same message would overwrite the first unseen; counting here is how a test sees it. Kept by the test, so it
/// outlives a restart of the host.
/// </summary>
internal sealed class SendLog
{
    private readonly ConcurrentQueue<(string Id, SendOutcome Outcome)> _sends = new();

    public IReadOnlyList<(string Id, SendOutcome Outcome)> Sends => [.. _sends];

    /// <summary>How many times each message was sent successfully.</summary>
    public IReadOnlyDictionary<string, int> SentCounts =>
        _sends.Where(s => s.Outcome == SendOutcome.Sent).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public int Count(string id) => _sends.Count(s => s.Id == id && s.Outcome == SendOutcome.Sent);

    public void Add(string id, SendOutcome outcome) => _sends.Enqueue((id, outcome));
}

/// <summary>Passes each message on to the real sender and notes what became of it.</summary>
internal sealed class RecordingSender(IMessageSender inner, SendLog log) : IMessageSender
{
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = await inner.SendAsync(message, cancellationToken);
        log.Add(message.Id, result.Outcome);
        return result;
    }
}
