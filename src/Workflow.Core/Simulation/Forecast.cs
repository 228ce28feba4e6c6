using System.Collections.Immutable;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Simulation;

/// <summary>What a forecast supposes people do from now on; the service's own prompts and escalations go on regardless.</summary>
public enum Assumption
{
    /// <summary>Nobody does anything more.</summary>
    NobodyActs,

    /// <summary>
    /// PMOs and peer reviewers send everything owed exactly when it falls due (at once, when it is late already), and
    /// directors agree and acknowledge what they are sent as soon as it arrives.
    /// </summary>
    EveryoneOnTheDueDate,

    /// <summary>PMOs and peer reviewers as in <see cref="EveryoneOnTheDueDate"/>; directors agree and acknowledge only when it falls due.</summary>
    DirectorsTakeTheirFullWindow,
}

/// <summary>
/// One system's coming weeks under an assumption: every message it would send, what the assumption had people do, where
/// it would stand at the end, and when (if within the horizon) it would be agreed, published or withdrawn.
/// </summary>
public sealed record SystemForecast(InstanceId Instance, ImmutableArray<Command> Sends, ImmutableArray<InstanceEvent> Assumed, InstanceState End, DateTimeOffset? SettledAt);

/// <summary>
/// Whether the national implementation plan could go ahead on its date: when the last system would be agreed or withdrawn
/// (null if some would not be by the horizon), and how many would still be outstanding at the horizon.
/// </summary>
public sealed record NationalPlanForecast(DateTimeOffset? Due, DateTimeOffset? ReadyAt, int Outstanding)
{
    public bool ReadyByDue => ReadyAt is { } ready && (Due is not { } due || ready <= due);
}

public sealed record RoundForecast(Assumption Assumption, DateTimeOffset From, DateTimeOffset Until, ImmutableArray<SystemForecast> Systems, NationalPlanForecast NationalPlan);

/// <summary>
/// What the coming weeks will bring, from the live state: each instance is driven on in virtual time from its current
/// state and the round it now follows, by the replay's own driver, with people acting as the assumption says. It issues
/// nothing and writes nothing: the states are copies.
/// </summary>
public static class Forecast
{
    public static TimeSpan DefaultHorizon { get; } = TimeSpan.FromDays(42);

    /// <summary>The end of the forecast: the horizon from <paramref name="from"/>, but no later than the last day the round can send anything.</summary>
    public static DateTimeOffset Until(Round round, DateTimeOffset from, TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(round);
        var end = round.Calendar.ToInstant(round.LatestPossibleDate().AddDays(1), TimeOnly.MinValue);
        var until = from + horizon;
        return until < end ? until : end > from ? end : from;
    }

    /// <param name="instances">Each instance's state, with the version of the round it follows.</param>
    /// <param name="round">The round as it now stands, for the national plan's date.</param>
    public static RoundForecast Of(
        IEnumerable<(InstanceState State, Round Round)> instances, Round round, DateTimeOffset from, TimeSpan horizon, Assumption assumption)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(round);
        var until = Until(round, from, horizon);
        var list = instances.ToList();
        var systems = new SystemForecast[list.Count];
        Parallel.For(0, list.Count, i => systems[i] = For(list[i].State, list[i].Round, from, until, assumption));
        var settled = systems.Select(s => s.SettledAt).ToList();
        return new RoundForecast(assumption, from, until, [.. systems], new NationalPlanForecast(
            round.Has(Milestone.NationalPlan) ? round.FixedDue(Milestone.NationalPlan) : null,
            settled.Count > 0 && settled.All(s => s is not null) ? settled.Max() : null,
            settled.Count(s => s is null)));
    }

    public static SystemForecast For(InstanceState state, Round round, DateTimeOffset from, DateTimeOffset until, Assumption assumption)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        var driven = Simulator.Drive(state, from, until, round, [], Simulator.RoundSuspensions.None, new AssumedPeople(assumption))
            // Nobody acting, or acting once per milestone, cannot use up a replay's step limit in a round's length.
            ?? throw new InvalidOperationException($"{state.Id}: the forecast did not settle");
        return new SystemForecast(state.Id, driven.Commands, driven.Happened, driven.Final, SettledAt(state, from, driven.Happened));
    }

    private static bool Settled(InstanceState state) => state.Stage is Stage.Agreed or Stage.Published or Stage.Withdrawn;

    /// <summary>When the instance would first stand agreed, published or withdrawn: at once if it does already.</summary>
    private static DateTimeOffset? SettledAt(InstanceState start, DateTimeOffset from, ImmutableArray<InstanceEvent> happened)
    {
        if (Settled(start))
        {
            return from;
        }
        var state = start;
        foreach (var evt in happened)
        {
            state = StateMachine.Apply(state, evt);
            if (Settled(state))
            {
                return evt.At;
            }
        }
        return null;
    }

    /// <summary>People who do what is owed on its due date, or at once when late, and directors on receipt or at the end of their window.</summary>
    private sealed class AssumedPeople(Assumption assumption) : IPeople
    {
        public IReadOnlyList<InstanceEvent> Dated => [];

        public InstanceEvent? NextReaction(InstanceState state, Round round)
        {
            if (assumption == Assumption.NobodyActs || state.WithdrawnAt is not null || state.IsSuspended)
            {
                return null;
            }
            InstanceEvent? next = null;
            foreach (var key in Timetable.Open(state, round))
            {
                // Only what the instance would take: a hold, say, can leave a milestone open with nothing yet to send.
                if (Action(state, round, key) is { } candidate && (next is null || candidate.At < next.At)
                    && StateMachine.Check(state, round, StateMachine.Prepare(state, round, candidate)) is null)
                {
                    next = candidate;
                }
            }
            return next;
        }

        private InstanceEvent? Action(InstanceState state, Round round, MilestoneKey key)
        {
            if (Timetable.Due(state, round, key) is not { } due)
            {
                return null;
            }
            var onReceipt = assumption == Assumption.EveryoneOnTheDueDate;
            return key.Milestone switch
            {
                Milestone.Draft or Milestone.Final or Milestone.Resubmission => new PlanSubmitted(due, key.Milestone, "system PMO", null),
                Milestone.PeerReview when state.Peer is { } peer => new PeerFeedbackGiven(due, peer, "peer system PMO"),
                Milestone.FootprintAcknowledgement when state.FootprintNotices.FirstOrDefault(n => n.Number == key.Cycle) is { } notice =>
                    new FootprintAcknowledged(onReceipt ? notice.At : due, notice.Number, "regional director"),
                Milestone.Agreement => new DecisionRecorded(onReceipt ? state.PlanSubmissions[^1] : due, Outcome.Agreed, state.PlanVersion, "regional director", null),
                Milestone.Publication => new PlanPublished(due, new Uri($"https://www.example.org/{state.Id.System}/five-year-plan"), "system PMO"),
                // A footprint change notice is the system's to give or not; nobody is assumed to give one.
                _ => null,
            };
        }
    }
}
