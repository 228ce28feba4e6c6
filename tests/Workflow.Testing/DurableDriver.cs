using System.Collections.Immutable;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Functions;
using Workflow.Functions.Orchestration;
using Workflow.Storage.Journal;

namespace Workflow.Testing;

/// <summary>What the orchestrations did in a driven round: every command their journals record, where each system ended, how often the clock was moved.</summary>
public sealed record DurableRun(ImmutableArray<Command> Commands, ImmutableArray<InstanceState> Finals, ImmutableArray<RaisedEvent> Raised, int ClockMoves);

/// <summary>One action of the people: when the script has it happen, and the instant the instance recorded it at (none when refused).</summary>
public sealed record RaisedEvent(InstanceId Instance, string EventId, DateTimeOffset Due, DateTimeOffset? Recorded);

/// <summary>
/// A whole round end to end through the orchestrations on the real backend, on the service's virtual clock: the
/// scenario's people act through <see cref="PlanningClient.RaiseAsync"/> when round time reaches what they do, the
/// durable timers fire on their own, and the driver reads each instance as projected. Between the round's busy
/// moments the clock is moved on (and every instance told) rather than waited for. The people follow the scripts
/// <see cref="Simulator.Run"/> replays, as <see cref="HostDriver"/> drives the old engine with them.
/// </summary>
public static class DurableDriver
{
    private const int Parallelism = 8;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    // How long (real time) before a busy moment a moved clock lands, so every instance has its new clock by then.
    private static readonly TimeSpan MoveLead = TimeSpan.FromSeconds(2);

    // Longer than any wait seen for an instance to apply an event or settle; past it the run has gone wrong.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <param name="service">The service, its round stored and its directory the one given, on a <see cref="VirtualClock"/>.</param>
    /// <param name="journal">Where the driver reads instances: the service's own, or one on a connection not counted.</param>
    /// <param name="longestRun">The longest stretch of round time left to run at the clock's speed; a longer quiet one is jumped.</param>
    public static async Task<DurableRun> RunAsync(
        DurableService service, JournalStore journal, Round round, SystemDirectory directory, Scenario scenario, TimeSpan longestRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.TimetableChanges.Length > 0)
        {
            throw new ArgumentException($"The orchestrations are driven without timetable changes; the scenario has {scenario.TimetableChanges.Length}.", nameof(scenario));
        }
        var clock = service.Get<TimeProvider>() as VirtualClock ?? throw new ArgumentException("The service does not run on a virtual clock.", nameof(service));
        var client = service.Client;
        await client.StartRoundAsync(service.Durable, round, cancellationToken);
        var peers = Simulator.PeerPairs(directory);
        var systems = directory.Systems
            .Select(s => new InstanceId(round.Id, s.Code))
            .Select(id => new Driven(id, new SystemScript(id, scenario.For(id.System), round, peers[id.System], scenario.PeerPairingAt)))
            .ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        var raised = new System.Collections.Concurrent.ConcurrentQueue<RaisedEvent>();
        var moves = 0;

        var now = clock.GetUtcNow();
        await SettleAsync(systems, journal, round, now, parallel);
        while (systems.Select(s => s.Next(round, now)).Where(t => t is not null).DefaultIfEmpty(null).Min() is { } next)
        {
            if (next - clock.GetUtcNow() > longestRun && clock.AdvanceTo(next - MoveLead * clock.Speed))
            {
                await client.MoveClockAsync(service.Durable, round.Id, cancellationToken);
                moves++;
            }
            while (clock.GetUtcNow() is var at && at < next)
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Max(Poll.Ticks / 10, (long)((next - at).Ticks / clock.Speed))), cancellationToken);
            }
            // Everything due before this moment has gone out, so the people act on the state as it stands.
            await SettleAsync(systems, journal, round, next.AddTicks(-1), parallel);
            now = clock.GetUtcNow();
            await Parallel.ForEachAsync(systems, parallel, async (system, token) =>
            {
                while (system.DueAction(round, now) is (var action, var dated))
                {
                    var eventId = $"scenario-{system.Acted:D3}-{action.GetType().Name}";
                    system.Acted++;
                    var result = await client.RaiseAsync(service.Durable, system.Id, eventId, (_, at) => action with { At = at }, token);
                    var line = await AppliedAsync(journal, system.Id, eventId, result, token);
                    // A refused dated action is passed over, as the replay lists it and goes on; a refused reaction
                    // would be offered again for ever, and the replay stops on one too.
                    var refusal = line is null ? result.Refusal ?? "refused" : line.Refusal;
                    if (refusal is not null && !dated)
                    {
                        throw new InvalidOperationException($"{system.Id}: {action.GetType().Name} at {now:O} was refused: {refusal}");
                    }
                    raised.Enqueue(new RaisedEvent(system.Id, eventId, action.At, refusal is null ? line?.Event.At : null));
                    system.State = await ProjectedAsync(journal, system.Id, line?.Version ?? 0, token);
                }
            });
            now = clock.GetUtcNow();
            await SettleAsync(systems, journal, round, now, parallel);
        }

        var commands = ImmutableArray.CreateBuilder<Command>();
        foreach (var system in systems)
        {
            commands.AddRange((await journal.ReadAsync(system.Id, cancellationToken)).Select(e => e.Event).OfType<CommandIssued>().Select(c => c.Command));
        }
        return new DurableRun(commands.ToImmutable(), [.. systems.Select(s => s.State!)], [.. raised], moves);
    }

    /// <summary>Until every instance is projected with all it owes by <paramref name="at"/> issued: its timers up to then have fired.</summary>
    private static async Task SettleAsync(List<Driven> systems, JournalStore journal, Round round, DateTimeOffset at, ParallelOptions parallel)
    {
        var deadline = DateTime.UtcNow + Patience;
        await Parallel.ForEachAsync(systems, parallel, async (system, token) =>
        {
            while (true)
            {
                system.State = (await journal.GetAsync(system.Id, token))?.State;
                if (system.State is { } state && StateMachine.Decide(state, round, at).Commands.IsEmpty)
                {
                    return;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{system.Id} had not issued what is due by {at:O} within {Patience.TotalSeconds} s.");
                }
                await Task.Delay(Poll, token);
            }
        });
    }

    /// <summary>The journal line of the raised event: at once when the client saw it applied, else once the instance reaches it.</summary>
    private static async Task<JournalEntry?> AppliedAsync(JournalStore journal, InstanceId id, string eventId, RaiseResult result, CancellationToken cancellationToken)
    {
        if (result.Outcome == RaiseOutcome.NotFound)
        {
            throw new InvalidOperationException($"{id} does not exist.");
        }
        if (result.Outcome == RaiseOutcome.Refused && result.State is not null && await journal.FindAsync(id, eventId, cancellationToken) is null)
        {
            return null; // refused before it was raised
        }
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await journal.FindAsync(id, eventId, cancellationToken) is { } line)
            {
                return line;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{id} had not applied {eventId} within {Patience.TotalSeconds} s.");
            }
            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>The state once the snapshot has caught up with version <paramref name="version"/>: lines are written before it.</summary>
    private static async Task<InstanceState> ProjectedAsync(JournalStore journal, InstanceId id, int version, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await journal.GetAsync(id, cancellationToken) is { } snapshot && snapshot.State.Version >= version)
            {
                return snapshot.State;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{id} was not projected at version {version} within {Patience.TotalSeconds} s.");
            }
            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>One system as the driver sees it: its people's script and its state as last projected.</summary>
    private sealed class Driven(InstanceId id, SystemScript script)
    {
        private int _dated;

        public InstanceId Id { get; } = id;

        public InstanceState? State { get; set; }

        /// <summary>How many actions its people have taken, which numbers the next one's event id.</summary>
        public int Acted { get; set; }

        /// <summary>The next instant something happens to the system: its next wake-up after <paramref name="now"/>, or its people's next action.</summary>
        public DateTimeOffset? Next(Round round, DateTimeOffset now)
        {
            var state = State ?? throw new InvalidOperationException($"{Id} is not projected.");
            return new[] { StateMachine.Decide(state, round, now).NextWakeAt, _dated < script.Dated.Count ? script.Dated[_dated].At : null, script.NextReaction(state, round)?.At }
                .Where(t => t is not null).DefaultIfEmpty(null).Min();
        }

        /// <summary>The next thing the system's people do, if it is due by <paramref name="now"/>, and whether it was dated in advance.</summary>
        public (InstanceEvent Action, bool Dated)? DueAction(Round round, DateTimeOffset now)
        {
            var state = State ?? throw new InvalidOperationException($"{Id} is not projected.");
            if (_dated < script.Dated.Count && script.Dated[_dated].At <= now)
            {
                return (script.Dated[_dated++], true);
            }
            return script.NextReaction(state, round) is { } reaction && reaction.At <= now ? (reaction, false) : null;
        }
    }
}
