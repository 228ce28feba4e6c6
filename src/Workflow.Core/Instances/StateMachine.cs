using System.Collections.Immutable;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>What <see cref="StateMachine.Decide"/> found due, and when it next will find something.</summary>
public sealed record DecideResult(ImmutableArray<Command> Commands, DateTimeOffset? NextWakeAt);

/// <summary>
/// The state machine of one system in one round. Pure and deterministic: time and the round are inputs,
/// so the host can run it durably and the simulator can replay a round in virtual time.
/// </summary>
public static class StateMachine
{
    public static InstanceState Start(InstanceId id, InstanceStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        return new InstanceState { Id = id, Region = started.Region, StartedAt = started.At, RoundVersion = started.RoundVersion, Version = 1 };
    }

    /// <summary>
    /// The event as the instance records it: one that moves dates carries the dates as they stood, under the round the
    /// instance follows before it, so the message about it can say what moved. Hosts and the replay call this on every
    /// event before <see cref="Check"/>, with the round in force until then. An event prepared already is left as it is.
    /// </summary>
    public static InstanceEvent Prepare(InstanceState state, Round round, InstanceEvent evt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        return evt switch
        {
            TimetableChanged { Before: null } changed => changed with { Before = [.. Timetable.Upcoming(state, round)] },
            Resumed { Before: null } resumed when state.IsSuspended => resumed with { Before = [.. Timetable.Upcoming(state, round)] },
            DeadlineExtended { Before: null } extended when round.Has(extended.Milestone) && state.CurrentKey(extended.Milestone) is var key
                && Timetable.Due(state, round, key) is { } due => extended with { Before = [new DueDate(key, due)] },
            _ => evt,
        };
    }

    /// <summary>Why <paramref name="evt"/> cannot happen to the instance now, or null when it can.</summary>
    public static string? Check(InstanceState state, Round round, InstanceEvent evt) => Rules.Check(state, round, evt);

    /// <summary>Folds one event into the state. The event must have passed <see cref="Check"/>.</summary>
    public static InstanceState Apply(InstanceState state, InstanceEvent evt)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Evolve.Apply(state, evt) with { Version = state.Version + 1 };
    }

    /// <summary>
    /// The commands due at <paramref name="now"/> that have not been issued, and the next instant anything
    /// new falls due. Calling it twice at the same instant gives the same commands with the same ids.
    /// </summary>
    public static DecideResult Decide(InstanceState state, Round round, DateTimeOffset now) => Decider.Decide(state, round, now);
}
