using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Workflow.Bench;

if (args is ["--peak"])
{
    return Peak();
}
if (args is ["--durable", .. var durable])
{
    var speed = durable is [var s, ..] ? double.Parse(s, CultureInfo.InvariantCulture) : 3600;
    var longest = durable is [_, var h, ..] ? TimeSpan.FromHours(double.Parse(h, CultureInfo.InvariantCulture)) : TimeSpan.FromHours(12);
    return await DurableRound.RunAsync(speed, longest);
}
if (args is ["--idle", .. var idle])
{
    return await DurableIdle.RunAsync(TimeSpan.FromSeconds(idle is [var seconds] ? double.Parse(seconds, CultureInfo.InvariantCulture) : 180));
}
if (args is ["--wave", var systems, .. var wave])
{
    var lead = TimeSpan.FromSeconds(wave is [var seconds, ..] ? double.Parse(seconds, CultureInfo.InvariantCulture) : 120);
    var partitions = wave is [_, var list, ..] ? list.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList() : [1];
    var layouts = wave is [_, _, var named, ..] ? named.Split(',').Select(Enum.Parse<StorageLayout>).ToList() : [StorageLayout.OneProcess];
    var counting = wave is [_, _, _, var counts, ..] ? counts.Split(',').Select(c => c switch
    {
        "counted" => true,
        "uncounted" => false,
        _ => throw new ArgumentException($"Requests are counted or uncounted, not {c}."),
    }).ToList() : [true];
    return await DurableWave.RunAsync(int.Parse(systems, CultureInfo.InvariantCulture), lead, partitions, layouts, counting);
}
if (args is ["--azurite", .. var azurite])
{
    return await AzuriteScaling.RunAsync(azurite is [var list, ..] ? list.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList() : [0, 1000, 4000, 10000]);
}
if (args is ["--dashboard", .. var dashboard])
{
    var sizes = dashboard is [var list, ..] ? list.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList() : [42, 1000, 10000];
    return await DashboardBench.RunAsync(sizes, dashboard is [_, var timed, ..] ? int.Parse(timed, CultureInfo.InvariantCulture) : 50);
}
BenchmarkSwitcher.FromAssembly(typeof(ReplayBenchmarks).Assembly).Run(args);
return 0;

// One synthetic replay in a fresh process: how long it takes, what it allocates, and the process's peak working set.
static int Peak()
{
    var synthetic = SyntheticRound.Build(Replay.Shipped(), ReplayBenchmarks.SyntheticSystems);
    using var process = Process.GetCurrentProcess();
    var setupPeak = process.PeakWorkingSet64;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = process.TotalProcessorTime;
    var stopwatch = Stopwatch.StartNew();
    var summary = synthetic.Run();
    stopwatch.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;
    Console.WriteLine($"systems:                   {synthetic.Directory.Systems.Length:N0} ({summary.MessageCount:N0} messages)");
    Console.WriteLine($"replay + summary:          {stopwatch.Elapsed.TotalSeconds:F2} s elapsed, {cpu.TotalSeconds:F2} s CPU on {Environment.ProcessorCount} cores");
    Console.WriteLine($"allocated by the replay:   {allocated / 1048576.0:F0} MiB");
    Console.WriteLine($"peak working set, setup:   {setupPeak / 1048576.0:F0} MiB");
    Console.WriteLine($"peak working set, overall: {process.PeakWorkingSet64 / 1048576.0:F0} MiB");
    Console.WriteLine($"working set at end:        {Environment.WorkingSet / 1048576.0:F0} MiB");
    return 0;
}
