using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Simulation;
using Workflow.Functions;
using Workflow.Functions.Durable;
using Workflow.Storage;
using Workflow.Storage.Instances;

namespace Workflow.Bench;

/// <summary>
/// The whole 2019/20 round for the 42 systems, end to end through the real host on storage (Azurite), in
/// virtual time: the shipped scenario's people act through the same runner the HTTP API uses, the timer
/// fires at every wake-up, and every outbox message is dispatched. Every storage request is counted.
/// </summary>
internal static class HostReplay
{
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
        var runner = provider.GetRequiredService<InstanceRunner>();
        var ticker = provider.GetRequiredService<Ticker>();
        var dispatcher = provider.GetRequiredService<Dispatcher>();
        var outbox = provider.GetRequiredService<OutboxQueue>();
        var instances = provider.GetRequiredService<InstanceStore>();
        account.Counter.Reset();
        var stopwatch = Stopwatch.StartNew();

        await provider.GetRequiredService<RoundService>().StartAsync(round.Id);
        var peers = Simulator.PeerPairs(replay.Directory);
        var systems = new List<Driven>();
        foreach (var system in replay.Directory.Systems)
        {
            var id = new InstanceId(round.Id, system.Code);
            var record = await instances.GetAsync(id) ?? throw new InvalidOperationException($"{id} did not start.");
            systems.Add(new Driven(id, new SystemScript(id, replay.Scenario.For(system.Code), round, peers[system.Code], replay.Scenario.PeerPairingAt), record.State, clock.GetUtcNow()));
        }

        var commits = 0;
        var commands = 0;
        void Record(Driven system, RunResult result)
        {
            if (result.State is not null)
            {
                system.State = result.State;
            }
            system.Wake = result.NextWakeAt;
            commits += result.Committed > 0 ? 1 : 0;
            commands += result.Commands.IsDefault ? 0 : result.Commands.Length;
        }

        while (systems.Select(s => s.Next(round)).Where(t => t is not null).DefaultIfEmpty(null).Min() is { } next)
        {
            if (next > clock.GetUtcNow())
            {
                clock.SetUtcNow(next);
            }
            var now = clock.GetUtcNow();
            // Each system's people act in order; different systems act at once, as they would.
            await Parallel.ForEachAsync(systems, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (system, token) =>
            {
                while (system.DueAction(round, now) is { } action)
                {
                    var result = await runner.RunAsync(system.Id, (_, at) => [action with { At = at }], cancellationToken: token);
                    lock (systems)
                    {
                        Record(system, result);
                    }
                }
            });
            foreach (var result in await ticker.TickAsync())
            {
                Record(systems.Single(s => s.Id == (result.State ?? throw new InvalidOperationException("An instance failed to run; see the log.")).Id), result);
            }
            while (await outbox.ReceiveAsync(32, TimeSpan.FromMinutes(1)) is { Count: > 0 } deliveries)
            {
                await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (delivery, token) =>
                {
                    await dispatcher.DispatchAsync(delivery.Text, token);
                    await outbox.CompleteAsync(delivery, token);
                });
            }
        }
        stopwatch.Stop();

        var counts = account.Counter.Snapshot();
        var batches = counts.GetValueOrDefault("table:batch");
        var stages = systems.GroupBy(s => s.State.Stage).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine($"2019/20 round, {systems.Count} systems, end to end on storage in virtual time");
        Console.WriteLine($"  elapsed:                        {stopwatch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"  where systems ended:            {string.Join(", ", stages)}");
        Console.WriteLine($"  commands issued and sent:       {commands}");
        Console.WriteLine($"  state changes (the floor):      {commits} ({commits / (double)systems.Count:F1} a system)");
        Console.WriteLine($"  table transactions (batches):   {batches} ({batches / (double)systems.Count:F1} a system), {batches / (double)commits:F2}x the floor");
        Console.WriteLine($"  all storage requests:           {account.Counter.Total} ({account.Counter.Total / (double)systems.Count:F0} a system)");
        foreach (var (kind, count) in counts.OrderByDescending(c => c.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {kind,-32} {count,7} ({count / (double)systems.Count,6:F1} a system)"));
        }
        mail.Delete(recursive: true);
        return 0;
    }

    /// <summary>One system as the driver sees it: its people's script, its last known state, when it next wakes.</summary>
    private sealed class Driven(InstanceId id, SystemScript script, InstanceState state, DateTimeOffset wake)
    {
        private int _dated;

        public InstanceId Id { get; } = id;

        public InstanceState State { get; set; } = state;

        public DateTimeOffset? Wake { get; set; } = wake;

        public DateTimeOffset? Next(Core.Rounds.Round round) =>
            new[] { Wake, _dated < script.Dated.Count ? script.Dated[_dated].At : null, script.NextReaction(State, round)?.At }
                .Where(t => t is not null).DefaultIfEmpty(null).Min();

        /// <summary>The next thing the system's people do, if it is due by <paramref name="now"/>.</summary>
        public InstanceEvent? DueAction(Core.Rounds.Round round, DateTimeOffset now)
        {
            if (_dated < script.Dated.Count && script.Dated[_dated].At <= now)
            {
                return script.Dated[_dated++];
            }
            return script.NextReaction(State, round) is { } reaction && reaction.At <= now ? reaction : null;
        }
    }
}
