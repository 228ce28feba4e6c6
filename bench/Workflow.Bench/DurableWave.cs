using System.Diagnostics;
using System.Globalization;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>
/// A round of many systems (the synthetic directory) on the orchestrations: how long starting them takes until every
/// one is projected and waiting, then how long the 09:00 wave takes, when every instance's first message (the
/// timetable) is due at the same send time, until every one has been sent and projected. Round time runs at real speed.
/// </summary>
internal static class DurableWave
{
    /// <param name="partitions">The task hub's control-queue partitions; the bench runs once for each, one after another.</param>
    /// <param name="layouts">The Azurite processes serving it; the bench runs once for each, after the partitions.</param>
    /// <param name="counting">With the requests counted, without, or both, the bench runs once for each, last.</param>
    public static async Task<int> RunAsync(int count, TimeSpan lead, IReadOnlyList<int> partitions, IReadOnlyList<StorageLayout> layouts, IReadOnlyList<bool> counting)
    {
        foreach (var layout in layouts)
        {
            foreach (var partitionCount in partitions)
            {
                foreach (var counted in counting)
                {
                    await RunAsync(count, lead, partitionCount, layout, counted);
                }
            }
        }
        return 0;
    }

    private static async Task RunAsync(int count, TimeSpan lead, int partitions, StorageLayout layout, bool counted)
    {
        var shipped = Replay.Shipped();
        var round = shipped.Round;
        var synthetic = SyntheticRound.Build(shipped, count);
        var data = SyntheticRound.WriteDataFolder(shipped, count);
        try
        {
            var extra = new Dictionary<string, string?> { ["LocalHost:PartitionCount"] = partitions.ToString(CultureInfo.InvariantCulture) };
            await using var bench = await DurableBench.StartAsync(synthetic, data.FullName, round.OpensAt - lead, 1, extra, layout, counted);
            var startedAt = Stopwatch.StartNew();
            var result = await bench.Service.Client.StartRoundAsync(bench.Service.Durable, round);
            var scheduled = startedAt.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} systems started ({result.Started:N0} new), {partitions} partition(s), Azurite {layout}, requests {(counted ? "counted" : "not counted")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  all scheduled:                  {scheduled:F1} s"));
            try
            {
                await bench.WaitAsync(round.Id, count, _ => true, lead);
            }
            catch (TimeoutException slow)
            {
                // A wave measured from a start still under way would measure the start.
                Console.WriteLine($"  not all waiting within the lead ({slow.Message}); no wave measured");
                return;
            }
            var waiting = startedAt.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  all projected and waiting:      {waiting:F1} s (target 30 s)"));

            var clock = bench.Service.Get<TimeProvider>();
            var untilNine = round.OpensAt - clock.GetUtcNow();
            if (untilNine > TimeSpan.Zero)
            {
                await Task.Delay(untilNine);
            }
            var backend = bench.Backend.Total;
            var app = bench.App.Total;
            var wave = Stopwatch.StartNew();
            // Version 1 is the start; the timetable issued at 09:00 is the instance's second change.
            var sent = await bench.WaitAsync(round.Id, count, status => status.Version >= 2, TimeSpan.FromMinutes(30));
            wave.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  09:00 wave, all sent and projected: {sent:F1} s after 09:00 (target 90 s); {(untilNine < TimeSpan.Zero ? "the start overran 09:00 by " + (-untilNine).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s" : "all were waiting before 09:00")}"));
            if (counted)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  storage requests in the wave:   {bench.Backend.Total - backend:N0} task hub, {bench.App.Total - app:N0} service ({(bench.Backend.Total - backend + bench.App.Total - app) / (double)count:F1} an instance)"));
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
