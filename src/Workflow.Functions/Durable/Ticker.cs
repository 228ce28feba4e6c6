using Microsoft.Extensions.Options;
using Workflow.Storage.Scheduling;

namespace Workflow.Functions.Durable;

/// <summary>The durable timer: wakes every instance whose wake-up is due and lets it decide.</summary>
public sealed class Ticker(ScheduleStore schedule, InstanceRunner runner, TimeProvider time, IOptions<WorkflowOptions> options, ILogger<Ticker> logger)
{
    /// <summary>Runs every due wake-up; returns how many there were.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = await schedule.DueAsync(now, cancellationToken);
        Log.Tick(logger, now, due.Count);
        // One instance may have several rows (an old hour bucket and a new one); one run serves them all.
        var byInstance = due.GroupBy(w => w.Instance).ToList();
        await Parallel.ForEachAsync(byInstance, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (wakeUps, token) =>
            {
                await runner.RunAsync(wakeUps.Key, woken: true, cancellationToken: token);
                foreach (var wakeUp in wakeUps)
                {
                    await schedule.RemoveAsync(wakeUp, token);
                }
            });
        return due.Count;
    }
}
