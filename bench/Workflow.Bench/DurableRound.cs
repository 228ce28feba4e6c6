using System.Diagnostics;
using System.Globalization;
using Workflow.Core.Instances;
using Workflow.Core.Simulation;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>
/// The whole 2019/20 round for the 42 systems through the orchestrations on the real backend (Azurite), round time
/// compressed, driven by <see cref="DurableDriver"/> with the shipped scenario's people; every storage request counted
/// at the relays, and the commands the journals record compared with the replay's.
/// </summary>
internal static class DurableRound
{
    public static async Task<int> RunAsync(double speed, TimeSpan longestRun)
    {
        var replay = Replay.Shipped();
        var round = replay.Round;
        await using var bench = await DurableBench.StartAsync(replay, "data", round.OpensAt.AddMinutes(-5), speed);
        var backendBefore = bench.Backend.Snapshot();
        var appBefore = bench.App.Snapshot();
        var stopwatch = Stopwatch.StartNew();
        var run = await DurableDriver.RunAsync(bench.Service, bench.Journal, round, replay.Directory, replay.Scenario, longestRun);
        stopwatch.Stop();
        var backendAfter = bench.Backend.Snapshot();
        var appAfter = bench.App.Snapshot();

        var predicted = Simulator.Run(replay.Timetables, replay.Scenario, replay.Directory).Runs.SelectMany(r => r.Commands).ToList();
        var issued = run.Commands.Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
        var expected = predicted.Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
        var systems = run.Finals.Length;
        var stages = run.Finals.GroupBy(s => s.Stage).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"2019/20 round, {systems} systems, through the orchestrations on Azurite, round time at {speed:N0}x ({speed / 3600:F1} h a second)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  elapsed:                        {stopwatch.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine($"  where systems ended:            {string.Join(", ", stages)}");
        var lags = run.Raised.Where(r => r.Recorded is not null).Select(r => (r.Recorded!.Value - r.Due).TotalMinutes).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  events raised by the people:    {run.Raised.Length}; recorded after their time by median {lags[lags.Count / 2]:F0}, 90th percentile {lags[lags.Count * 9 / 10]:F0}, most {lags[^1]:F0} round minutes"));
        foreach (var r in run.Raised.Where(r => r.Recorded is not null).OrderByDescending(r => r.Recorded!.Value - r.Due).Take(5))
        {
            Console.WriteLine($"      {r.Instance} {r.EventId}: due {r.Due:yyyy-MM-dd HH:mm}, recorded {r.Recorded:yyyy-MM-dd HH:mm}");
        }
        Console.WriteLine($"  clock moves over quiet spells:  {run.ClockMoves} (each one event to every instance; longest stretch run at speed {longestRun.TotalHours:F0} h)");
        Console.WriteLine($"  commands issued (journals):     {issued.Count}; the replay predicts {expected.Count}");
        Console.WriteLine($"  same command ids as the replay: {(issued.SequenceEqual(expected) ? "yes" : "NO")}");
        foreach (var id in expected.Except(issued).Take(10))
        {
            Console.WriteLine($"      predicted, not issued: {id}");
        }
        foreach (var id in issued.Except(expected).Take(10))
        {
            Console.WriteLine($"      issued, not predicted: {id}");
        }
        var late = run.Commands.Join(predicted, c => c.Id, p => p.Id, (c, p) => (c.At - p.At).TotalMinutes).Where(m => m != 0).ToList();
        foreach (var (c, p) in run.Commands.Join(predicted, c => c.Id, p => p.Id, (c, p) => (c, p)).OrderByDescending(x => x.c.At - x.p.At).Take(5))
        {
            Console.WriteLine($"      {c.Id}: predicted {p.At:yyyy-MM-dd HH:mm}, issued {c.At:yyyy-MM-dd HH:mm}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  issued at another instant:      {late.Count} (by {(late.Count == 0 ? 0 : late.Min()):F0} to {(late.Count == 0 ? 0 : late.Max()):F0} round minutes)"));
        DurableBench.PrintCounts("task hub requests:", backendAfter, backendBefore, systems, "a system");
        DurableBench.PrintCounts("service table/queue requests:", appAfter, appBefore, systems, "a system");
        var total = backendAfter.Values.Sum() - backendBefore.Values.Sum() + appAfter.Values.Sum() - appBefore.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  all storage requests:           {total} ({total / (double)systems:F0} a system)"));
        return issued.SequenceEqual(expected) ? 0 : 1;
    }
}
