using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>Due dates as one instance sees them: the round's, held by the round's holds, moved by its own extensions, opened by its own events.</summary>
public static class Timetable
{
    /// <summary>When the occurrence opened, or null while it has not.</summary>
    public static DateTimeOffset? OpenedAt(InstanceState state, MilestoneKey key) => key.Milestone switch
    {
        Milestone.Footprint or Milestone.Draft => state.StartedAt,
        Milestone.Final => Completion(state, Milestone.Draft),
        Milestone.PeerReview => state.PeerPairedAt is { } paired && Completion(state, Milestone.Draft) is { } draft
            ? Max(paired, draft)
            : null,
        Milestone.Agreement => key.Cycle >= 1 && key.Cycle <= state.PlanSubmissions.Count ? state.PlanSubmissions[key.Cycle - 1] : null,
        Milestone.Resubmission => ChangeRequest(state, key.Cycle)?.At,
        Milestone.Publication => state.IsAgreed ? state.LastDecision!.At : null,
        Milestone.FootprintAcknowledgement => key.Cycle >= 1 && key.Cycle <= state.FootprintNotices.Count
            ? state.FootprintNotices[key.Cycle - 1].At
            : null,
        _ => null,
    };

    /// <summary>
    /// The due instant of the occurrence, or null when the round lacks the milestone or it has not opened: the round's
    /// date (held by its holds), or the system's extension when later, each moved on by the suspensions since it was set.
    /// </summary>
    public static DateTimeOffset? Due(InstanceState state, Round round, MilestoneKey key)
    {
        if (!round.Has(key.Milestone))
        {
            return null;
        }
        DateTimeOffset? due = null;
        if (!key.Milestone.IsRelative())
        {
            // The national team's own milestone is theirs, not the system's: suspending one system does not move it.
            due = key.Milestone.Owner() == Role.National
                ? round.FixedDue(key.Milestone)
                : Shifted(state, round, key, round.FixedDue(key.Milestone), state.StartedAt, state.TimetableChangedAt);
        }
        else if (OpenedAt(state, key) is { } opened)
        {
            // A date a hold gives comes with the timetable; one counted in working days was set when the window opened.
            var relative = round.RelativeDue(key.Milestone, opened, state.Id.System);
            due = relative == round.CountedDue(key.Milestone, opened)
                ? Shifted(state, round, key, relative, opened, counted: true)
                : Shifted(state, round, key, relative, opened, state.TimetableChangedAt);
        }
        // An extension gives one system more time than the round: should the round's date later move past it, the
        // system keeps the later date rather than being chased before everyone else.
        return state.Extensions.TryGetValue(key, out var extended)
            && Shifted(state, round, key, round.Calendar.ToInstant(extended), state.ExtendedAt[key]) is var until && (due is null || until > due)
            ? until
            : due;
    }

    /// <summary>
    /// The new deadline an extension of <paramref name="milestone"/> to <paramref name="day"/> sets, in the round's time
    /// zone: it keeps the time of day of the current one (5pm, as round files set them). A milestone with no due date
    /// cannot be extended, as <see cref="StateMachine.Check"/> says, so its time of day is no matter.
    /// </summary>
    public static DateTime ExtendedDue(InstanceState state, Round round, Milestone milestone, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        var due = Due(state, round, state.CurrentKey(milestone));
        return day.ToDateTime(due is { } current ? TimeOnly.FromTimeSpan(round.Calendar.ToLocal(current).TimeOfDay) : TimeOnly.MinValue);
    }

    /// <summary>
    /// How many working days a suspension covered from <paramref name="since"/> (or its start, if later) to its end: the
    /// send times it held back. Moving a date on by as many puts the first prompt it held back at the first send time
    /// after it. Nothing while the suspension lasts: dates move when it ends.
    /// </summary>
    public static int WorkingDaysSuspended(Round round, Pause pause, DateTimeOffset since = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(pause);
        if (pause.Until is not { } until)
        {
            return 0;
        }
        var from = Max(pause.From, since);
        var count = 0;
        for (var date = round.Calendar.LocalDate(from); date <= round.Calendar.LocalDate(until); date = date.AddDays(1))
        {
            if (round.Calendar.IsWorkingDay(date) && round.SendTime(date) is var send && send >= from && send < until)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// A date set at <paramref name="setAt"/>, moved on by the working days of each suspension that began after it, unless
    /// the occurrence was met before the suspension began: the time suspended is given back, so what was left of the
    /// window before it is left after it. A date someone named while the instance was suspended is kept as named: an
    /// extension granted then (its <paramref name="setAt"/> falls within the suspension), or the round's dates when the
    /// instance moved to a new timetable (<paramref name="timetableAt"/>) during it. A window <paramref name="counted"/>
    /// in working days from an instant within a suspension gets back the part of the suspension after that instant.
    /// </summary>
    private static DateTimeOffset Shifted(
        InstanceState state, Round round, MilestoneKey key, DateTimeOffset due, DateTimeOffset setAt, DateTimeOffset? timetableAt = null, bool counted = false)
    {
        if (state.Pauses.IsEmpty)
        {
            return due;
        }
        var metAt = state.Completed.TryGetValue(key, out var met) ? met : (DateTimeOffset?)null;
        var days = state.Pauses
            .Where(p => !(metAt < p.From) && (p.From >= setAt || (counted && p.Until > setAt)) && !(timetableAt >= p.From && !(timetableAt > p.Until)))
            .Sum(p => WorkingDaysSuspended(round, p, setAt));
        if (days == 0)
        {
            return due;
        }
        var local = round.Calendar.ToLocal(due);
        return round.Calendar.ToInstant(round.Calendar.AddWorkingDays(DateOnly.FromDateTime(local.DateTime), days), TimeOnly.FromDateTime(local.DateTime));
    }

    /// <summary>The occurrences the instance is waiting on now: the ones prompts, reminders and escalations are about.</summary>
    public static IEnumerable<MilestoneKey> Open(InstanceState state, Round round)
    {
        if (state.Stage is Stage.Withdrawn or Stage.Published)
        {
            yield break;
        }
        var draftDone = state.IsDone(Milestone.Draft);
        if (round.Has(Milestone.Footprint) && state.FootprintNotices.IsEmpty && !draftDone)
        {
            yield return new(Milestone.Footprint, 0);
        }
        foreach (var notice in state.FootprintNotices.Where(n => n.AcknowledgedAt is null))
        {
            yield return new(Milestone.FootprintAcknowledgement, notice.Number);
        }
        if (!draftDone)
        {
            yield return new(Milestone.Draft, 0);
            yield break;
        }
        if (round.Has(Milestone.PeerReview) && state.Peer is not null && !state.IsDone(Milestone.PeerReview) && state.PlanVersion == 0)
        {
            yield return new(Milestone.PeerReview, 0);
        }
        switch (state.Stage)
        {
            case Stage.FinalDue:
                yield return new(Milestone.Final, 0);
                break;
            case Stage.AwaitingAgreement:
                yield return state.CurrentKey(Milestone.Agreement);
                break;
            case Stage.ChangesRequested:
                yield return state.CurrentKey(Milestone.Resubmission);
                break;
            case Stage.Agreed:
                yield return new(Milestone.Publication, 0);
                break;
        }
    }

    /// <summary>
    /// The dates the system still works to, in due order: every fixed milestone of the round it has not met, and each
    /// occurrence it is waiting on now. What a change of dates is measured against.
    /// </summary>
    public static IEnumerable<DueDate> Upcoming(InstanceState state, Round round)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        if (state.Stage is Stage.Withdrawn or Stage.Published)
        {
            return [];
        }
        var keys = round.Definition.Milestones.Values
            .Where(m => m.Deadline is FixedDeadline && !state.IsDone(m.Id))
            .Select(m => new MilestoneKey(m.Id, 0))
            .Union(Open(state, round));
        return keys.Select(key => Due(state, round, key) is { } due ? new DueDate(key, due) : null).OfType<DueDate>().OrderBy(d => d.Due).ThenBy(d => d.Key.Milestone);
    }

    /// <summary>Of the dates <paramref name="before"/>, those due at another time now, each with where it moved.</summary>
    public static IReadOnlyList<DateMove> Moves(IEnumerable<DueDate> before, InstanceState state, Round round)
    {
        ArgumentNullException.ThrowIfNull(before);
        return [.. before
            .Select(was => (was, now: round.Has(was.Key.Milestone) ? Due(state, round, was.Key) : null))
            .Where(pair => pair.now is { } now && now != pair.was.Due)
            .Select(pair => new DateMove(pair.was.Key, round.Definition[pair.was.Key.Milestone].Title, pair.was.Due, pair.now!.Value))];
    }

    private static DateTimeOffset? Completion(InstanceState state, Milestone milestone) =>
        state.Completed.TryGetValue(new MilestoneKey(milestone, 0), out var at) ? at : null;

    private static DecisionRecorded? ChangeRequest(InstanceState state, int number) =>
        number >= 1 ? state.Decisions.Where(d => d.Outcome == Outcome.ChangesRequested).ElementAtOrDefault(number - 1) : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
