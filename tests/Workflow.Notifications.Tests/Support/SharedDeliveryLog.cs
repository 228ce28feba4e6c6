using System.Collections.Concurrent;
using Workflow.Core.Instances;
using Workflow.Notifications.SendGrid;

namespace Workflow.Notifications.Tests.Support;

/// <summary>A delivery log in memory, which a test shares between senders as the host's storage is shared between workers.</summary>
internal sealed class SharedDeliveryLog : IDeliveryLog
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _sent = new(StringComparer.Ordinal);

    public Task<IReadOnlySet<string>> SentToAsync(OutboundMessage message, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<string>>(_sent.TryGetValue(message.Id, out var emails)
            ? emails.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase));

    public Task RecordSentAsync(OutboundMessage message, string email, CancellationToken cancellationToken = default)
    {
        // As storage would: a cancelled write writes nothing.
        cancellationToken.ThrowIfCancellationRequested();
        _sent.GetOrAdd(message.Id, _ => new(StringComparer.OrdinalIgnoreCase)).TryAdd(email, 0);
        return Task.CompletedTask;
    }

    /// <summary>Every status recorded of a copy, with its event id, in the order recorded.</summary>
    public ConcurrentQueue<(string MessageId, string Email, MailStatus Status, string EventId)> Statuses { get; } = new();

    public Task RecordStatusAsync(OutboundMessage message, string email, MailStatus status, string eventId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Statuses.Enqueue((message.Id, email, status, eventId));
        return Task.CompletedTask;
    }
}
