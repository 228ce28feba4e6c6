using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Workflow.Functions;
using Workflow.Storage;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>
/// The whole 2019/20 round for the 42 systems, end to end through the real host on storage (Azurite), in
/// virtual time, driven by <see cref="HostDriver"/> with the shipped scenario's people. Every storage request is counted.
/// </summary>
internal static class HostReplay
{
    /// <summary>The same run on an Azurite of its own behind counting relays, so it is counted as the orchestrations are.</summary>
    public static async Task<int> RunCountedAsync()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            await using var relays = new CountedStorage(azurite.ConnectionString);
            var before = relays.Snapshot();
            var result = await RunAsync(relays.ConnectionString);
            // The relays also see the start (tables and queues created, the round stored), which the pipeline count leaves out.
            DurableBench.PrintCounts("at the relays, start included:", relays.Snapshot(), before, Replay.Shipped().Directory.Systems.Length, "a system");
            return result;
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    public static async Task<int> RunAsync(string connectionString)
    {
        var replay = Replay.Shipped();
        var round = replay.Round;
        var clock = new FakeTimeProvider(round.OpensAt.AddMinutes(-5));
        var mail = Directory.CreateTempSubdirectory("workflow-bench-mail");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:Prefix"] = "bench" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(7)]),
            ["Workflow:RoundFile"] = "rounds/2019-20.json",
            ["MailDrop:Folder"] = mail.FullName,
        }).Build();
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)).AddSingleton<IConfiguration>(configuration);
        services.AddWorkflow(configuration, localTriggers: false);
        services.AddSingleton<TimeProvider>(clock);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Startup>().RunAsync(CancellationToken.None);

        var account = provider.GetRequiredService<StorageAccount>();
        account.Counter.Reset();
        var stopwatch = Stopwatch.StartNew();
        var run = await HostDriver.RunAsync(provider, clock, round, replay.Directory, replay.Scenario);
        stopwatch.Stop();

        var counts = account.Counter.Snapshot();
        var batches = counts.GetValueOrDefault("table:batch");
        var systems = run.Finals.Length;
        var commits = run.Commits;
        var stages = run.Finals.GroupBy(s => s.Stage).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine($"2019/20 round, {systems} systems, end to end on storage in virtual time");
        Console.WriteLine($"  elapsed:                        {stopwatch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"  where systems ended:            {string.Join(", ", stages)}");
        Console.WriteLine($"  commands issued and sent:       {run.Commands.Length}");
        Console.WriteLine($"  state changes (the floor):      {commits} ({commits / (double)systems:F1} a system)");
        Console.WriteLine($"  table transactions (batches):   {batches} ({batches / (double)systems:F1} a system), {batches / (double)commits:F2}x the floor");
        Console.WriteLine($"  all storage requests:           {account.Counter.Total} ({account.Counter.Total / (double)systems:F0} a system)");
        foreach (var (kind, count) in counts.OrderByDescending(c => c.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {kind,-32} {count,7} ({count / (double)systems,6:F1} a system)"));
        }
        mail.Delete(recursive: true);
        return 0;
    }
}
