using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Simulation;

/// <summary>One system's replay: where it ended, every command issued, and any scripted action the instance refused.</summary>
public sealed record InstanceRun(SystemEntry System, InstanceState Final, ImmutableArray<Command> Commands, ImmutableArray<string> Refusals)
{
    /// <summary>The round-wide suspensions (indexes into the scenario's) that suspended this system.</summary>
    public ImmutableArray<int> RoundSuspensions { get; init; } = [];
}

/// <summary>Where a drive left the instance, what it issued, what the people did that the instance took, and what it refused.</summary>
internal sealed record DrivenRun(
    InstanceState Final, ImmutableArray<Command> Commands, ImmutableArray<string> Refusals, ImmutableArray<int> RoundSuspensions, ImmutableArray<InstanceEvent> Happened);

/// <summary>What the people of one system do in a replay: actions fixed in advance, and answers to where the instance stands.</summary>
public interface IPeople
{
    /// <summary>Actions at fixed instants, in time order.</summary>
    IReadOnlyList<InstanceEvent> Dated { get; }

    /// <summary>The earliest action the people take in answer to where the instance stands, or null for none.</summary>
    InstanceEvent? NextReaction(InstanceState state, Round round);
}

public sealed record SimulationResult(Round Round, ImmutableArray<Round> Timetables, Scenario Scenario, ImmutableArray<InstanceRun> Runs);

/// <summary>
/// Replays a round for every system in virtual time, driving each instance exactly as the host does: apply
/// what happened, <see cref="StateMachine.Decide"/>, record the commands as issued, sleep until the next wake-up.
/// Instances are independent, so they run in parallel; each run is deterministic.
/// </summary>
public static class Simulator
{
    // A step is one event or one wake-up. The shipped round takes about 40 per system; the limit leaves room for rounds
    // with far more reminders and plan versions, while a script that never lets a system finish, whose growing history
    // makes each step slower, still reaches it in seconds.
    private const int MaxStepsPerInstance = 5_000;

    /// <summary>Turns the scenario's timetable changes into successive versions of the round, each checked like a new file.</summary>
    public static Loaded<IReadOnlyList<Round>> Timetables(string roundJson, Round round, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var rounds = new List<Round> { round };
        var problems = new List<Problem>();
        var warnings = new List<Problem>();
        var node = JsonNode.Parse(roundJson, documentOptions: JsonFiles.Options)!.AsObject();
        foreach (var (change, index) in scenario.TimetableChanges.Select((c, i) => (c, i)))
        {
            node["version"] = rounds[^1].Version + 1;
            foreach (var milestone in node["milestones"]!.AsArray())
            {
                // Trimmed as the round parser trims it, or a change to " final" would be passed over without a word.
                if (Milestones.TryParse(milestone!["id"]!.GetValue<string>().Trim(), out var id) && change.Due.TryGetValue(id, out var due))
                {
                    milestone["due"] = due.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            foreach (var held in change.Holds)
            {
                Hold(node, held);
            }
            var changed = RoundParser.ParseChange(node.ToJsonString(), rounds[^1]);
            if (changed.Value is { } next)
            {
                rounds.Add(next);
            }
            problems.AddRange(changed.Problems.Select(p => InChange(index, p)));
            warnings.AddRange(changed.Warnings.Select(p => InChange(index, p)));
        }
        return problems.Count > 0 ? Loaded.Failure<IReadOnlyList<Round>>(problems) : Loaded.Success<IReadOnlyList<Round>>(rounds, [.. warnings]);

        static Problem InChange(int index, Problem problem) => problem with { Path = $"$.timetableChanges[{index}] (round {problem.Path})" };
    }

    /// <summary>Writes a change's hold into the round's JSON where a round file gives it, replacing any hold it had there.</summary>
    private static void Hold(JsonObject round, ScriptedHold held)
    {
        var hold = new JsonObject { [HoldFields.NameOf(held.Hold.Kind)] = held.Hold.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        if (held.Hold.Reason is { } reason)
        {
            hold["reason"] = reason;
        }
        if (held.System is not { } system)
        {
            foreach (var milestone in round["milestones"]!.AsArray())
            {
                if (Milestones.TryParse(milestone!["id"]!.GetValue<string>().Trim(), out var id) && id == held.Milestone)
                {
                    milestone["hold"] = hold;
                }
            }
            return;
        }
        if (round["systems"] is not JsonObject systems)
        {
            systems = new JsonObject();
            round["systems"] = systems;
        }
        if (systems[system.Value] is not JsonObject entry)
        {
            entry = new JsonObject { ["holds"] = new JsonArray() };
            systems[system.Value] = entry;
        }
        var holds = entry["holds"]!.AsArray();
        var same = holds.FirstOrDefault(h => Milestones.TryParse(h!["milestone"]!.GetValue<string>().Trim(), out var id) && id == held.Milestone);
        if (same is not null)
        {
            holds.Remove(same);
        }
        hold["milestone"] = held.Milestone.Name();
        holds.Add(hold);
    }

    /// <exception cref="ReplayNotSettledException">A system's replay did not finish within the step limit.</exception>
    public static SimulationResult Run(
        IReadOnlyList<Round> timetables, Scenario scenario, SystemDirectory directory, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timetables);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(directory);
        var round = timetables[0];
        var changes = scenario.TimetableChanges.Select((c, i) => (At: round.Calendar.ToInstant(c.At), Round: timetables[i + 1])).ToArray();
        var suspensions = RoundSuspensions.Of(scenario.Suspensions, round.Calendar);
        var peers = PeerPairs(directory);
        var systems = directory.Systems;
        var runs = new InstanceRun?[systems.Length];
        var done = 0;
        Parallel.For(0, systems.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var system = systems[i];
            var script = new SystemScript(new InstanceId(round.Id, system.Code), scenario.For(system.Code), round, peers[system.Code], scenario.PeerPairingAt);
            runs[i] = RunOne(system, round, changes, suspensions, script);
            progress?.Report(Interlocked.Increment(ref done));
        });
        // Every run finishes before any is reported, so the same files name the same systems every time.
        if (systems.Where((_, i) => runs[i] is null).ToList() is { Count: > 0 } unsettled)
        {
            throw new ReplayNotSettledException(unsettled, MaxStepsPerInstance);
        }
        return new SimulationResult(timetables[^1], [.. timetables], scenario, [.. runs.Select(r => r!)]);
    }

    /// <summary>One system's replay, or null when it has not settled after <see cref="MaxStepsPerInstance"/> steps.</summary>
    private static InstanceRun? RunOne(SystemEntry system, Round round, (DateTimeOffset At, Round Round)[] changes, RoundSuspensions suspensions, SystemScript script)
    {
        var started = StateMachine.Start(new InstanceId(round.Id, system.Code), new InstanceStarted(round.OpensAt, system.Region, round.Version));
        return Drive(started, round.OpensAt, DateTimeOffset.MaxValue, round, changes, suspensions, script) is { } driven
            ? new InstanceRun(system, driven.Final, driven.Commands, driven.Refusals) { RoundSuspensions = driven.RoundSuspensions }
            : null;
    }

    /// <summary>
    /// Drives one instance from <paramref name="state"/> at <paramref name="from"/> until nothing more is due or the next
    /// thing falls after <paramref name="until"/>, exactly as the host would with these people; null when it has not
    /// settled after <see cref="MaxStepsPerInstance"/> steps. A forecast starts it from a live instance's state.
    /// </summary>
    internal static DrivenRun? Drive(
        InstanceState state, DateTimeOffset from, DateTimeOffset until, Round round, (DateTimeOffset At, Round Round)[] changes, RoundSuspensions suspensions, IPeople script)
    {
        var now = from;
        var commands = ImmutableArray.CreateBuilder<Command>();
        var refusals = ImmutableArray.CreateBuilder<string>();
        var happened = ImmutableArray.CreateBuilder<InstanceEvent>();
        var nextChange = 0;
        var nextDated = 0;
        var nextStart = 0;
        var nextEnd = 0;
        var suspendedBy = ImmutableArray.CreateBuilder<int>();

        void Happen(InstanceEvent evt, bool scripted)
        {
            var at = StateMachine.Prepare(state, round, evt.At < now ? evt with { At = now } : evt);
            if (StateMachine.Check(state, round, at) is { } refusal)
            {
                if (!scripted)
                {
                    throw new InvalidOperationException($"{state.Id}: the simulated {at.GetType().Name} was refused: {refusal}");
                }
                refusals.Add($"{round.Calendar.ToLocal(at.At):yyyy-MM-dd HH:mm} {at.GetType().Name}: {refusal}");
                return;
            }
            state = StateMachine.Apply(state, at);
            happened.Add(at);
            // The host decides after every event it is sent, one request at a time, so the replay does too: what is
            // due at the instant of an event goes out before the next event of the same instant is applied.
            Settle();
        }

        DecideResult Settle()
        {
            var decided = StateMachine.Decide(state, round, now);
            foreach (var command in decided.Commands)
            {
                state = StateMachine.Apply(state, new CommandIssued(now, command));
                commands.Add(command);
            }
            return decided;
        }

        // Each pass takes one event or one wake-up, so people who keep acting at one instant use up steps too.
        for (var step = 0; step < MaxStepsPerInstance; step++)
        {
            if (nextChange < changes.Length && changes[nextChange].At <= now)
            {
                var before = round;
                round = changes[nextChange++].Round;
                if (state.WithdrawnAt is null)
                {
                    Happen(StateMachine.Prepare(state, before, new TimetableChanged(now, round.Version)), scripted: false);
                }
            }
            // At one instant the round resumes before the system's own dated actions and suspends after them, so a
            // system's own suspension may end, or begin, just as the round's begins, or ends.
            else if (nextEnd < suspensions.Ends.Length && suspensions.Ends[nextEnd].At <= now)
            {
                var (_, index, _) = suspensions.Ends[nextEnd++];
                // Only the systems the round suspended resume with it: one suspended on its own stays as it is.
                if (suspendedBy.Contains(index) && state.IsSuspended)
                {
                    Happen(new Resumed(now, SystemScript.NationalTeam), scripted: true);
                }
            }
            else if (nextDated < script.Dated.Count && script.Dated[nextDated].At <= now)
            {
                Happen(script.Dated[nextDated++], scripted: true);
            }
            else if (nextStart < suspensions.Starts.Length && suspensions.Starts[nextStart].At <= now)
            {
                var (_, index, reason) = suspensions.Starts[nextStart++];
                if (state.WithdrawnAt is null && !state.IsSuspended)
                {
                    Happen(new Suspended(now, SystemScript.NationalTeam, reason), scripted: true);
                    if (state.IsSuspended)
                    {
                        suspendedBy.Add(index);
                    }
                }
            }
            else if (script.NextReaction(state, round) is { } reaction && reaction.At <= now)
            {
                Happen(reaction, scripted: false);
            }
            else
            {
                var decided = Settle();
                var next = Earliest(
                    decided.NextWakeAt,
                    nextChange < changes.Length ? changes[nextChange].At : null,
                    nextDated < script.Dated.Count ? script.Dated[nextDated].At : null,
                    nextStart < suspensions.Starts.Length ? suspensions.Starts[nextStart].At : null,
                    nextEnd < suspensions.Ends.Length ? suspensions.Ends[nextEnd].At : null,
                    script.NextReaction(state, round)?.At);
                if (next is not { } wake || wake > until)
                {
                    return new DrivenRun(state, commands.ToImmutable(), refusals.ToImmutable(), suspendedBy.ToImmutable(), happened.ToImmutable());
                }
                now = wake > now ? wake : now;
            }
        }
        return null;
    }

    /// <summary>The round-wide suspensions' starts and ends as instants, each in time order, with the suspension's index.</summary>
    internal sealed record RoundSuspensions(
        (DateTimeOffset At, int Index, string Reason)[] Starts, (DateTimeOffset At, int Index, string Reason)[] Ends)
    {
        public static RoundSuspensions None { get; } = new([], []);

        public static RoundSuspensions Of(ImmutableArray<ScriptedSuspension> suspensions, Calendar.WorkingCalendar calendar)
        {
            var listed = suspensions.Select((s, i) => (s, i)).ToList();
            return new(
                [.. listed.Select(x => (calendar.ToInstant(x.s.From), x.i, x.s.Reason)).OrderBy(x => x.Item1).ThenBy(x => x.i)],
                [.. listed.Where(x => x.s.To is not null).Select(x => (calendar.ToInstant(x.s.To!.Value), x.i, x.s.Reason)).OrderBy(x => x.Item1).ThenBy(x => x.i)]);
        }
    }

    private static DateTimeOffset? Earliest(params DateTimeOffset?[] times) =>
        times.Where(t => t is not null).DefaultIfEmpty(null).Min();

    /// <summary>Pairs each system with the next in its region (by code, wrapping round), so every plan has one peer reviewer.</summary>
    public static Dictionary<SystemCode, SystemCode?> PeerPairs(SystemDirectory directory)
    {
        var pairs = new Dictionary<SystemCode, SystemCode?>();
        foreach (var region in directory.Systems.GroupBy(s => s.Region))
        {
            var members = region.OrderBy(s => s.Code.Value, StringComparer.Ordinal).ToList();
            for (var i = 0; i < members.Count; i++)
            {
                pairs[members[i].Code] = members.Count > 1 ? members[(i + 1) % members.Count].Code : null;
            }
        }
        return pairs;
    }
}
