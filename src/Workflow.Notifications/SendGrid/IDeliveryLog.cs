using System.Collections.Concurrent;

namespace Workflow.Notifications.SendGrid;

/// <summary>
/// Which recipients of a message have had their copy, so that a retry after a partial failure sends only to the rest.
/// </summary>
public interface IDeliveryLog
{
    ValueTask<bool> WasSentAsync(string messageId, string email, CancellationToken cancellationToken = default);

    ValueTask RecordSentAsync(string messageId, string email, CancellationToken cancellationToken = default);

    /// <summary>The message is done with (all sent, or refused for good): nothing more to remember.</summary>
    ValueTask ForgetAsync(string messageId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Remembers partial deliveries in this process only: a retry on another worker, or after a restart, sends again to
/// those who already had their copy. Only messages that failed part-way are held.
/// </summary>
public sealed class InMemoryDeliveryLog : IDeliveryLog
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _sent = new(StringComparer.Ordinal);

    public ValueTask<bool> WasSentAsync(string messageId, string email, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_sent.TryGetValue(messageId, out var emails) && emails.ContainsKey(email));

    public ValueTask RecordSentAsync(string messageId, string email, CancellationToken cancellationToken = default)
    {
        _sent.GetOrAdd(messageId, _ => new(StringComparer.OrdinalIgnoreCase)).TryAdd(email, 0);
        return ValueTask.CompletedTask;
    }

    public ValueTask ForgetAsync(string messageId, CancellationToken cancellationToken = default)
    {
        _sent.TryRemove(messageId, out _);
        return ValueTask.CompletedTask;
    }
}
