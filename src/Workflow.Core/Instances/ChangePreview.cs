using System.Collections.Immutable;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>What a change of dates would do to one system: the dates it moves, and what the instance then sends if nobody acts.</summary>
public sealed record SystemPreview(InstanceId Instance, IReadOnlyList<DateMove> Moves, IReadOnlyList<Command> Sends, string? Refusal = null);

/// <summary>
/// Previews a round-wide change (a new timetable, a resumption) before anyone confirms it, by the rules that will apply
/// it: the events are prepared, checked and applied to a copy of the instance, and the state machine run on in virtual
/// time from now, as the replay runs it, with nobody acting.
/// </summary>
public static class ChangePreview
{
    /// <summary>Enough for every prompt and step of the ladder still to come on a round's open milestones, and a bound on a round that has more.</summary>
    public const int MostSends = 50;

    /// <param name="before">The round the instance follows now.</param>
    /// <param name="after">The round it follows once <paramref name="changes"/> are applied (the same, for a resumption alone).</param>
    public static SystemPreview Of(InstanceState state, Round before, Round after, DateTimeOffset now, IEnumerable<InstanceEvent> changes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(changes);
        var dates = Timetable.Upcoming(state, before).ToList();
        var changed = state;
        var round = before;
        foreach (var change in changes)
        {
            var prepared = StateMachine.Prepare(changed, round, change);
            round = prepared is TimetableChanged ? after : round;
            if (StateMachine.Check(changed, round, prepared) is { } refusal)
            {
                return new SystemPreview(state.Id, [], [], refusal);
            }
            changed = StateMachine.Apply(changed, prepared);
        }
        return new SystemPreview(state.Id, Timetable.Moves(dates, changed, after), Sends(changed, after, now));
    }

    private static ImmutableArray<Command> Sends(InstanceState state, Round round, DateTimeOffset now)
    {
        var sends = ImmutableArray.CreateBuilder<Command>();
        for (DateTimeOffset? at = now; at is { } decideAt && sends.Count < MostSends;)
        {
            var decided = StateMachine.Decide(state, round, decideAt);
            foreach (var command in decided.Commands.Take(MostSends - sends.Count))
            {
                state = StateMachine.Apply(state, new CommandIssued(decideAt, command));
                sends.Add(command);
            }
            at = decided.NextWakeAt;
        }
        return sends.ToImmutable();
    }
}
