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
/// status is checked and the item claimed first, and the item's id is the idempotency key for whatever sends it.
/// </summary>
public sealed class Dispatcher(
    InstanceStore instances, OutboxQueue outbox, IMessageSender sender, IIntegrationEventPublisher events, TimeProvider time, ILogger<Dispatcher> logger)
{
    /// <summary>How long a claim keeps other deliveries of the same item away: longer than any send takes, shorter than a redelivery.</summary>
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    public async Task<DispatchOutcome> DispatchAsync(string messageText, long dequeueCount, int maxDequeueCount, CancellationToken cancellationToken = default)
    {
        if (OutboxQueue.Deserialize(messageText) is not { } reference || !InstanceId.TryParse(reference.Instance, out var instance))
        {
            await outbox.PoisonTextAsync(messageText, cancellationToken);
            Log.Poisoned(logger, "?", "?", "the message is not an outbox reference");
            return DispatchOutcome.Poisoned;
        }
        var found = await instances.GetOutboxAsync(instance, reference.Row, cancellationToken);
        if (found is null || found.Status != OutboxStatus.Pending)
        {
            return DispatchOutcome.AlreadyDone;
        }

        // Claim the item before sending, so that of deliveries racing on one message only one sends. The others leave
        // it to the claimant; should that die, the instance's redelivery wake-up hands the item over again.
        var now = time.GetUtcNow();
        if (found.ClaimedUntil > now
            || await instances.ReplaceOutboxAsync(instance, found with { Attempts = found.Attempts + 1, ClaimedUntil = now + ClaimLease }, cancellationToken) is not { } item)
        {
            return DispatchOutcome.AlreadyDone;
        }

        var (ok, permanent, reason) = await SendAsync(item, cancellationToken);
        if (ok)
        {
            await instances.UpdateOutboxAsync(instance, item with { Status = OutboxStatus.Sent, SentAt = time.GetUtcNow(), Error = null, ClaimedUntil = null }, cancellationToken);
            return DispatchOutcome.Sent;
        }

        var giveUp = permanent || dequeueCount >= maxDequeueCount;
        await instances.UpdateOutboxAsync(instance, item with
        {
            Status = giveUp ? OutboxStatus.Failed : OutboxStatus.Pending,
            Error = reason,
            ClaimedUntil = null,
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
