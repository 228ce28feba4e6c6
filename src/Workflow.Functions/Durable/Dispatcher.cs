using Microsoft.Extensions.Options;
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
    InstanceStore instances,
    OutboxQueue outbox,
    IMessageSender sender,
    IIntegrationEventPublisher events,
    TimeProvider time,
    IOptions<WorkflowOptions> options,
    ILogger<Dispatcher> logger)
{
    /// <summary>Time to record what came of a send (or to hand the claim back) once the send has ended.</summary>
    private static readonly TimeSpan RecordingAllowance = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a claim keeps other deliveries of the item away. A send is cancelled <see cref="WorkflowOptions.SendTimeout"/>
    /// after the claim's start, so the claim outlasts any send by the time to record its outcome.
    /// </summary>
    public TimeSpan ClaimLease => options.Value.SendTimeout + RecordingAllowance;

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
        // The send's time runs from the claim's start, so the send is over before the claim can lapse.
        using var deadline = new CancellationTokenSource(options.Value.SendTimeout, time);
        if (found.ClaimedUntil > now
            || await instances.ReplaceOutboxAsync(instance, found with { Attempts = found.Attempts + 1, ClaimedUntil = now + ClaimLease }, cancellationToken) is not { } item)
        {
            return DispatchOutcome.AlreadyDone;
        }

        var (permanent, reason) = await TrySendAsync(instance, item, deadline, cancellationToken);
        if (reason is null)
        {
            return DispatchOutcome.Sent;
        }

        // Whatever went wrong, the claim is handed back (even as the host stops), so that the next delivery of the
        // message tries again instead of finding the item held and dropping the message.
        var giveUp = !cancellationToken.IsCancellationRequested && (permanent || dequeueCount >= maxDequeueCount);
        await instances.UpdateOutboxAsync(instance, item with
        {
            Status = giveUp ? OutboxStatus.Failed : OutboxStatus.Pending,
            Error = reason,
            ClaimedUntil = null,
        }, CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        if (!giveUp)
        {
            Log.SendFailed(logger, item.Id, reference.Instance, dequeueCount, reason);
            return DispatchOutcome.Retry;
        }
        await outbox.PoisonTextAsync(messageText, cancellationToken);
        Log.Poisoned(logger, item.Id, reference.Instance, reason);
        return DispatchOutcome.Poisoned;
    }

    /// <summary>
    /// Sends the claimed item and records it sent. Returns why not when anything fails, a thrown exception included,
    /// so that the caller always gets to hand the claim back.
    /// </summary>
    private async Task<(bool Permanent, string? Reason)> TrySendAsync(InstanceId instance, OutboxItem item, CancellationTokenSource deadline, CancellationToken cancellationToken)
    {
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var sent = false;
        try
        {
            var result = await SendAsync(item, sending.Token);
            if (result.Outcome != SendOutcome.Sent)
            {
                return (result.Outcome == SendOutcome.Rejected, result.Reason ?? result.Outcome.ToString());
            }
            sent = true;
            await instances.UpdateOutboxAsync(instance, item with { Status = OutboxStatus.Sent, SentAt = time.GetUtcNow(), Error = null, ClaimedUntil = null }, cancellationToken);
            return (false, null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (false, $"Not sent within {options.Value.SendTimeoutSeconds} seconds; stopped.");
        }
        catch (Exception ex)
        {
            // Sent but not marked, the item goes again: the idempotency key is what keeps a repeat from doubling it.
            return (false, sent ? $"Sent, but not recorded as sent: {ex.Message}" : ex.Message);
        }
    }

    private async Task<SendResult> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        if (item.Kind == OutboxKind.IntegrationEvent)
        {
            await events.PublishAsync(item.Payload, cancellationToken);
            return SendResult.Sent;
        }
        return await sender.SendAsync(Outbound.ReadMessage(item), cancellationToken);
    }
}
