using System.Globalization;
using Workflow.Core;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>
/// What the backend asks of storage while the round's 42 instances all wait on timers a day away: counted over a
/// window and scaled to an hour: with the local host's settings, with the service's host.json (4 partitions, 2 s) and with Azure's defaults, and what one clock move costs.
/// </summary>
internal static class DurableIdle
{
    public static async Task<int> RunAsync(TimeSpan window)
    {
        var replay = Replay.Shipped();
        var round = replay.Round;
        foreach (var (partitions, polling) in new[] { (1, TimeSpan.FromSeconds(2)), (4, TimeSpan.FromSeconds(2)), (4, TimeSpan.FromSeconds(30)) })
        {
            var extra = new Dictionary<string, string?>
            {
                ["LocalHost:PartitionCount"] = partitions.ToString(CultureInfo.InvariantCulture),
                ["LocalHost:MaxQueuePollingInterval"] = polling.ToString(),
            };
            await using var bench = await DurableBench.StartAsync(replay, "data", round.OpensAt.AddDays(-1), 1, extra);
            var instances = replay.Directory.Systems.Select(s => new InstanceId(round.Id, s.Code)).ToList();
            await bench.Service.Client.StartRoundAsync(bench.Service.Durable, round);
            await bench.WaitAsync(round.Id, instances.Count, _ => true, TimeSpan.FromMinutes(2));
            // The queues' polling backs off to its longest interval only after a while without messages.
            await Task.Delay(polling * 2 + TimeSpan.FromSeconds(10));
            var backend = bench.Backend.Snapshot();
            var app = bench.App.Snapshot();
            await Task.Delay(window);
            var perHour = 3600 / window.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{instances.Count} instances waiting, {partitions} partition(s), longest queue poll {polling.TotalSeconds:F0} s, counted over {window.TotalSeconds:F0} s"));
            DurableBench.PrintCounts("task hub requests:", bench.Backend.Snapshot(), backend, 1 / perHour, "an hour");
            DurableBench.PrintCounts("service requests:", bench.App.Snapshot(), app, 1 / perHour, "an hour");
            if (partitions == 1)
            {
                await ClockMoveAsync(bench, round.Id, window, bench.Backend.Snapshot().Values.Sum() - backend.Values.Sum(), instances.Count);
            }
        }
        return 0;
    }

    /// <summary>One clock event to every instance, counted over 20 s less the idle polling of that time.</summary>
    private static async Task ClockMoveAsync(DurableBench bench, RoundId round, TimeSpan window, long idleInWindow, int instances)
    {
        var measure = TimeSpan.FromSeconds(20);
        var backend = bench.Backend.Total;
        var app = bench.App.Total;
        await bench.Service.Client.MoveClockAsync(bench.Service.Durable, round);
        await Task.Delay(measure);
        var idle = idleInWindow * measure.TotalSeconds / window.TotalSeconds;
        var cost = bench.Backend.Total - backend - idle;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  one clock move to {instances} instances: {cost:F0} task hub requests ({cost / instances:F1} an instance) and {bench.App.Total - app} service requests, idle polling taken off"));
    }
}
