using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Notifications;
using Workflow.Notifications.Events;
using Workflow.Storage;
using Workflow.Storage.Instances;

namespace Workflow.Functions.Durable;

public enum DispatchOutcome
{
    Sent,

    /// <summary>Sent or given up on before, or held by another delivery now: nothing done.</summary>
    AlreadyDone,

    /// <summary>Failed this time; a new queue message brings the item back after a wait that grows with each try.</summary>
    Retrying,

    /// <summary>Delivered before the item's next try is due (a second message for it): put back on the queue until then.</summary>
    NotDue,

    /// <summary>Refused for good, or out of tries: moved to the poison queue with the reason.</summary>
    Poisoned,
}

/// <summary>
/// Sends one outbox item at least once and marks it sent. A message delivered twice is sent once: the item's
/// status is checked and the item claimed first, and the item's id is the idempotency key for whatever sends it.
/// A failed try queues the next one itself, later each time, and the tries are counted on the item, so every
/// delivery it settles is done with; the queue's own retries and poison rule are left for crashes.
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

    /// <summary>
    /// How long an item waits after its <paramref name="attempts"/>th failed try: the first wait, doubled for each try
    /// since, at most the longest; then up to a fifth more by <paramref name="jitter"/> (0 to 1), so that items that
    /// failed together, in an outage say, do not all come back at once.
    /// </summary>
    internal static TimeSpan RetryDelay(int attempts, WorkflowOptions settings, double jitter)
    {
        var doubled = settings.RetryDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return (doubled < settings.MaxRetryDelay ? doubled : settings.MaxRetryDelay) * (1 + jitter / 5);
    }

    public async Task<DispatchOutcome> DispatchAsync(string messageText, CancellationToken cancellationToken = default)
    {
        if (OutboxQueue.Deserialize(messageText) is not { } reference || !InstanceId.TryParse(reference.Instance, out var instance))
        {
            const string Reason = "The message is not an outbox reference.";
            await outbox.PoisonAsync(new PoisonedMessage(null, null, Reason, time.GetUtcNow()) { Message = messageText }, cancellationToken);
            Log.Poisoned(logger, "?", "?", Reason);
            return DispatchOutcome.Poisoned;
        }
        var found = await instances.GetOutboxAsync(instance, reference.Row, cancellationToken);
        if (found is null || found.Status != OutboxStatus.Pending)
        {
            return DispatchOutcome.AlreadyDone;
        }

        // Of deliveries racing on one item only the claimant sends. The others leave it to the claimant; should that
        // die, the instance's redelivery wake-up hands the item over again.
        var now = time.GetUtcNow();
        if (found.ClaimedUntil > now)
        {
            return DispatchOutcome.AlreadyDone;
        }
        if (found.NextTryAt is { } due && due > now)
        {
            // Whole seconds, as the queue counts them: a wait rounded down to none would bring the message straight back.
            await outbox.EnqueueAsync(reference, TimeSpan.FromSeconds(Math.Ceiling((due - now).TotalSeconds)), cancellationToken);
            return DispatchOutcome.NotDue;
        }

        // The send's time runs from the claim's start, so the send is over before the claim can lapse.
        using var deadline = new CancellationTokenSource(options.Value.SendTimeout, time);
        var triesLeft = found.Attempts < options.Value.MaxSendAttempts;
        var claim = found with { Attempts = triesLeft ? found.Attempts + 1 : found.Attempts, ClaimedUntil = now + ClaimLease };
        if (await instances.ReplaceOutboxAsync(instance, claim, cancellationToken) is not { } item)
        {
            return DispatchOutcome.AlreadyDone;
        }
        if (!triesLeft)
        {
            // Pending with its tries used up: they ended without an outcome (the worker crashed or stopped during each),
            // or a crash came between the poison queue and marking it failed. Either way it is done with.
            return await GiveUpAsync(reference, instance, item, found.Error ?? $"{found.Attempts} tries ended without an outcome.");
        }

        var (permanent, reason) = await TrySendAsync(instance, item, deadline, cancellationToken);
        if (reason is null)
        {
            return DispatchOutcome.Sent;
        }
        if (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: hand the item back; the message, left unanswered, comes again.
            await instances.UpdateOutboxAsync(instance, item with { Error = reason, ClaimedUntil = null }, CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }
        return permanent || item.Attempts >= options.Value.MaxSendAttempts
            ? await GiveUpAsync(reference, instance, item, reason)
            : await RetryLaterAsync(reference, instance, item, reason);
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
            await events.PublishAsync(Outbound.ReadEvent(item), cancellationToken);
            return SendResult.Sent;
        }
        return await sender.SendAsync(Outbound.ReadMessage(item), cancellationToken);
    }

    /// <summary>
    /// Hands the claim back with the time of the next try, and queues a message for then. The item is written first: a
    /// crash before the message is queued leaves the delivery being handled unanswered, and the queue brings that
    /// back, to be put back in turn until the item is due.
    /// </summary>
    private async Task<DispatchOutcome> RetryLaterAsync(OutboxReference reference, InstanceId instance, OutboxItem item, string reason)
    {
        var delay = RetryDelay(item.Attempts, options.Value, Random.Shared.NextDouble());
        var nextTry = time.GetUtcNow() + delay;
        if (!await instances.UpdateOutboxAsync(instance, item with { Error = reason, ClaimedUntil = null, NextTryAt = nextTry }, CancellationToken.None))
        {
            // Changed meanwhile: whoever changed it has it now.
            return DispatchOutcome.AlreadyDone;
        }
        await outbox.EnqueueAsync(reference, delay, CancellationToken.None);
        Log.SendFailed(logger, item.Id, reference.Instance, item.Attempts, nextTry, reason);
        return DispatchOutcome.Retrying;
    }

    /// <summary>
    /// Moves the item to the poison queue with the reason, and marks it failed with it, in that order: a crash between
    /// leaves the item claimed, and once the claim is over its next delivery ends the same way, so no failed item is
    /// missing from the poison queue.
    /// </summary>
    private async Task<DispatchOutcome> GiveUpAsync(OutboxReference reference, InstanceId instance, OutboxItem item, string reason)
    {
        var poisoned = new PoisonedMessage(reference.Instance, reference.Row, reason, time.GetUtcNow()) { Id = item.Id, Attempts = item.Attempts };
        await outbox.PoisonAsync(poisoned, CancellationToken.None);
        await instances.UpdateOutboxAsync(instance, item with { Status = OutboxStatus.Failed, Error = reason, ClaimedUntil = null }, CancellationToken.None);
        Log.Poisoned(logger, item.Id, reference.Instance, reason);
        return DispatchOutcome.Poisoned;
    }
}
