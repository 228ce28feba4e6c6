using Microsoft.Extensions.Options;
using Workflow.Functions.Durable;
using Workflow.Storage;

namespace Workflow.Functions.Local;

/// <summary>
/// Without a Functions host there is no timer or queue trigger, so the service fires its own: a tick every few
/// seconds and a poll of the outbox queue, calling the very handlers the host would, and settling each message
/// as the host does.
/// </summary>
public sealed class LocalTriggers(
    Ticker ticker,
    Dispatcher dispatcher,
    OutboxQueue outbox,
    ClockStore clockStore,
    TimeProvider time,
    IOptions<WorkflowOptions> options,
    ILogger<LocalTriggers> logger) : BackgroundService
{
    /// <summary>How long a message whose delivery failed stays hidden before it comes again: host.json's visibilityTimeout.</summary>
    private static readonly TimeSpan FailedVisibility = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(TickLoopAsync(stoppingToken), DispatchLoopAsync(stoppingToken));
    }

    private async Task TickLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.TickSeconds));
        do
        {
            await Guard(async () =>
            {
                await ticker.TickAsync(stoppingToken);
                if (time is VirtualClock)
                {
                    await clockStore.SaveAsync(time.GetUtcNow(), stoppingToken);
                }
            });
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Guard(() => DrainAsync(stoppingToken));
        }
    }

    /// <summary>Handles what is on the queue now; returns how many messages it took.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var taken = 0;
        // Hidden for as long as a try may take, as the host keeps a message hidden while its invocation runs.
        while (await outbox.ReceiveAsync(16, dispatcher.ClaimLease, cancellationToken) is { Count: > 0 } deliveries)
        {
            taken += deliveries.Count;
            await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
                async (delivery, token) => await DeliverAsync(delivery, token));
        }
        return taken;
    }

    /// <summary>One invocation of the queue function: whatever the dispatcher settles is done with, a failed try included.</summary>
    private async Task DeliverAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await dispatcher.DispatchAsync(delivery.Text, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed invocation, settled as the host settles one: shown again a while later, poisoned as it is after the last.
            Log.DeliveryFailed(logger, delivery.MessageId, delivery.DequeueCount, ex);
            if (delivery.DequeueCount >= options.Value.MaxDequeueCount)
            {
                await outbox.PoisonAsync(delivery, cancellationToken);
            }
            else
            {
                await outbox.RetryAsync(delivery, FailedVisibility, cancellationToken);
            }
            return;
        }
        await outbox.CompleteAsync(delivery, cancellationToken);
    }

    private async Task Guard(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A storage hiccup must not stop the triggers; the next turn tries again.
            Log.LoopFailed(logger, ex);
        }
    }
}
