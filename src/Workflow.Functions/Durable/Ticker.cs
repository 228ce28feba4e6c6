using Microsoft.Extensions.Options;
using Workflow.Storage.Scheduling;

namespace Workflow.Functions.Durable;

/// <summary>The durable timer: wakes every instance whose wake-up is due and lets it decide.</summary>
public sealed class Ticker(ScheduleStore schedule, InstanceRunner runner, TimeProvider time, IOptions<WorkflowOptions> options, ILogger<Ticker> logger)
{
    /// <summary>Runs every instance with a wake-up due; returns what each run did.</summary>
    public async Task<IReadOnlyList<RunResult>> TickAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = await schedule.DueAsync(now, cancellationToken);
        // One instance may have several rows (an old hour bucket and a new one); one run serves them all.
        var byInstance = due.GroupBy(w => w.Instance).ToList();
        Log.Tick(logger, now, byInstance.Count);
        var results = new RunResult[byInstance.Count];
        await Parallel.ForEachAsync(byInstance.Select((wakeUps, index) => (wakeUps, index)), new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var (wakeUps, index) = item;
                RunResult result;
                try
                {
                    result = results[index] = await runner.RunAsync(wakeUps.Key, woken: true, cancellationToken: token);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // One instance that cannot run (a row that will not read, storage refusing its commit) must not hold up
                    // the others. Its wake-up stays, so it is tried again at every tick, and each failure is logged.
                    Log.RunFailed(logger, wakeUps.Key, ex);
                    results[index] = new RunResult(RunOutcome.Failed);
                    return;
                }
                // A row in the bucket of the next wake-up has just been written over with it: removing it would only be refused.
                var rewritten = result.NextWakeAt is { } next ? ScheduleStore.Bucket(next) : null;
                foreach (var wakeUp in wakeUps.Where(w => w.Partition != rewritten))
                {
                    await schedule.RemoveAsync(wakeUp, token);
                }
            });
        return results;
    }
}
