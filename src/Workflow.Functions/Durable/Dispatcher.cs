using Workflow.Core;
using Workflow.Notifications;
using Workflow.Storage;
using Workflow.Storage.Instances;

namespace Workflow.Functions.Durable;

public enum DispatchOutcome
{
    Sent,

    /// <summary>Sent before (a repeated delivery): nothing done.</summary>
    AlreadyDone,

    /// <summary>Failed this time; the queue should deliver it again later.</summary>
    Retry,

    /// <summary>Can never succeed; moved to the poison queue with the reason.</summary>
    Poisoned,
}

/// <summary>
/// Sends one outbox item at least once and marks it sent. A message delivered twice is sent once: the item's
/// status is checked first, and the item's id is the idempotency key for whatever sends it.
/// </summary>
public sealed class Dispatcher(
    InstanceStore instances, OutboxQueue outbox, IMessageSender sender, IIntegrationEventPublisher events, TimeProvider time, ILogger<Dispatcher> logger)
{
    public async Task<DispatchOutcome> DispatchAsync(string messageText, long dequeueCount, int maxDequeueCount, CancellationToken cancellationToken = default)
    {
        if (OutboxQueue.Deserialize(messageText) is not { } reference || !InstanceId.TryParse(reference.Instance, out var instance))
        {
            await outbox.PoisonTextAsync(messageText, cancellationToken);
            Log.Poisoned(logger, "?", "?", "the message is not an outbox reference");
            return DispatchOutcome.Poisoned;
        }
        var item = await instances.GetOutboxAsync(instance, reference.Row, cancellationToken);
        if (item is null || item.Status != OutboxStatus.Pending)
        {
            return DispatchOutcome.AlreadyDone;
        }

        var (ok, permanent, reason) = await SendAsync(item, cancellationToken);
        if (ok)
        {
            await instances.UpdateOutboxAsync(instance, item with { Status = OutboxStatus.Sent, SentAt = time.GetUtcNow(), Attempts = item.Attempts + 1, Error = null }, cancellationToken);
            return DispatchOutcome.Sent;
        }

        var giveUp = permanent || dequeueCount >= maxDequeueCount;
        await instances.UpdateOutboxAsync(instance, item with
        {
            Status = giveUp ? OutboxStatus.Failed : OutboxStatus.Pending,
            Attempts = item.Attempts + 1,
            Error = reason,
        }, cancellationToken);
        if (!giveUp)
        {
            Log.SendFailed(logger, item.Id, reference.Instance, dequeueCount, reason ?? "unknown");
            return DispatchOutcome.Retry;
        }
        await outbox.PoisonTextAsync(messageText, cancellationToken);
        Log.Poisoned(logger, item.Id, reference.Instance, reason ?? "unknown");
        return DispatchOutcome.Poisoned;
    }

    private async Task<(bool Ok, bool Permanent, string? Reason)> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        if (item.Kind == OutboxKind.IntegrationEvent)
        {
            try
            {
                await events.PublishAsync(item.Payload, cancellationToken);
                return (true, false, null);
            }
            catch (Azure.RequestFailedException ex)
            {
                return (false, false, ex.Message);
            }
        }
        var result = await sender.SendAsync(Outbound.ReadMessage(item), cancellationToken);
        return (result.Outcome == SendOutcome.Sent, result.Outcome == SendOutcome.Rejected, result.Reason);
    }
}
