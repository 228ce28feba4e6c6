using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Functions.Durable;
using Workflow.Storage;
using Workflow.Storage.Instances;

namespace Workflow.Testing;

/// <summary>What the host did in a driven round: every command it issued, where each system ended, and how many runs committed.</summary>
public sealed record HostRun(ImmutableArray<Command> Commands, ImmutableArray<InstanceState> Finals, int Commits);

/// <summary>
/// A whole round end to end through the real host on storage, in virtual time: the scenario's people act through the
/// same runner the HTTP API uses, the timer fires at every wake-up, and every outbox message is dispatched, until
/// nothing more is due. The people follow the scripts <see cref="Simulator.Run"/> replays, so the two can be compared.
/// </summary>
public static class HostDriver
{
    private const int Parallelism = 8;

    /// <param name="services">The host's services, its round stored and its directory the one given.</param>
    /// <param name="clock">The host's clock, which only the driver moves.</param>
    public static async Task<HostRun> RunAsync(
        IServiceProvider services, FakeTimeProvider clock, Round round, SystemDirectory directory, Scenario scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.TimetableChanges.Length > 0)
        {
            // The replay applies them to every instance at their time; nothing here tells the host of them.
            throw new ArgumentException($"The host is driven without timetable changes; the scenario has {scenario.TimetableChanges.Length}.", nameof(scenario));
        }
        var runner = services.GetRequiredService<InstanceRunner>();
        var ticker = services.GetRequiredService<Ticker>();
        var dispatcher = services.GetRequiredService<Dispatcher>();
        var outbox = services.GetRequiredService<OutboxQueue>();
        var instances = services.GetRequiredService<InstanceStore>();

        // Starting is idempotent, so a host that started the round on load is driven the same way.
        await services.GetRequiredService<RoundService>().StartAsync(round.Id, cancellationToken);
        var peers = Simulator.PeerPairs(directory);
        var systems = new List<Driven>();
        foreach (var system in directory.Systems)
        {
            var id = new InstanceId(round.Id, system.Code);
            var record = await instances.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"{id} did not start.");
            systems.Add(new Driven(id, new SystemScript(id, scenario.For(system.Code), round, peers[system.Code], scenario.PeerPairingAt), record.State, clock.GetUtcNow()));
        }

        var commits = 0;
        var commands = ImmutableArray.CreateBuilder<Command>();
        void Record(Driven system, RunResult result)
        {
            if (result.State is not null)
            {
                system.State = result.State;
            }
            system.Wake = result.NextWakeAt;
            commits += result.Committed > 0 ? 1 : 0;
            commands.AddRange(result.Commands.IsDefault ? [] : result.Commands);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        while (systems.Select(s => s.Next(round)).Where(t => t is not null).DefaultIfEmpty(null).Min() is { } next)
        {
            if (next > clock.GetUtcNow())
            {
                clock.SetUtcNow(next);
            }
            var now = clock.GetUtcNow();
            // Each system's people act in order; different systems act at once, as they would.
            await Parallel.ForEachAsync(systems, parallel, async (system, token) =>
            {
                while (system.DueAction(round, now) is (var action, var dated))
                {
                    var result = await runner.RunAsync(system.Id, (_, at) => [action with { At = at }], cancellationToken: token);
                    // A refused dated action is passed over, as the replay lists it and goes on; a refused reaction
                    // would be offered again for ever, and the replay stops on one too.
                    var passedOver = result.Outcome == RunOutcome.Refused && dated;
                    if (result.Outcome != RunOutcome.Done && !passedOver)
                    {
                        throw new InvalidOperationException($"{system.Id}: the host answered {result.Outcome} to {action.GetType().Name} at {now:O}: {result.Refusal}");
                    }
                    lock (systems)
                    {
                        Record(system, result);
                    }
                }
            });
            foreach (var result in await ticker.TickAsync(cancellationToken))
            {
                Record(systems.Single(s => s.Id == (result.State ?? throw new InvalidOperationException("An instance failed to run; see the log.")).Id), result);
            }
            while (await outbox.ReceiveAsync(32, TimeSpan.FromMinutes(1), cancellationToken) is { Count: > 0 } deliveries)
            {
                await Parallel.ForEachAsync(deliveries, parallel, async (delivery, token) =>
                {
                    await dispatcher.DispatchAsync(delivery.Text, token);
                    await outbox.CompleteAsync(delivery, token);
                });
            }
        }
        return new HostRun(commands.ToImmutable(), [.. systems.Select(s => s.State)], commits);
    }

    /// <summary>One system as the driver sees it: its people's script, its last known state, when it next wakes.</summary>
    private sealed class Driven(InstanceId id, SystemScript script, InstanceState state, DateTimeOffset wake)
    {
        private int _dated;

        public InstanceId Id { get; } = id;

        public InstanceState State { get; set; } = state;

        public DateTimeOffset? Wake { get; set; } = wake;

        public DateTimeOffset? Next(Round round) =>
            new[] { Wake, _dated < script.Dated.Count ? script.Dated[_dated].At : null, script.NextReaction(State, round)?.At }
                .Where(t => t is not null).DefaultIfEmpty(null).Min();

        /// <summary>The next thing the system's people do, if it is due by <paramref name="now"/>, and whether it was dated in advance.</summary>
        public (InstanceEvent Action, bool Dated)? DueAction(Round round, DateTimeOffset now)
        {
            if (_dated < script.Dated.Count && script.Dated[_dated].At <= now)
            {
                return (script.Dated[_dated++], true);
            }
            return script.NextReaction(State, round) is { } reaction && reaction.At <= now ? (reaction, false) : null;
        }
    }
}
