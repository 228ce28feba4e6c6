using Microsoft.Extensions.Options;
using Workflow.Functions.Durable;
using Workflow.Storage;

namespace Workflow.Functions.Local;

/// <summary>
/// Without a Functions host there is no timer or queue trigger, so the service fires its own: a tick every few
/// seconds and a poll of the outbox queue, calling the very handlers the host would, with the same retry
/// and poison rules.
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
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);

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
        while (await outbox.ReceiveAsync(16, Visibility, cancellationToken) is { Count: > 0 } deliveries)
        {
            taken += deliveries.Count;
            await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken }, async (delivery, token) =>
            {
                var outcome = await dispatcher.DispatchAsync(delivery.Text, delivery.DequeueCount, options.Value.MaxDequeueCount, token);
                if (outcome == DispatchOutcome.Retry)
                {
                    // Back off as the host's queue trigger would: longer after each failed try.
                    await outbox.RetryAsync(delivery, TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, delivery.DequeueCount))), token);
                }
                else
                {
                    await outbox.CompleteAsync(delivery, token);
                }
            });
        }
        return taken;
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
