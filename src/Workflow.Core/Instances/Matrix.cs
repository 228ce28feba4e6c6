using System.Collections.Immutable;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>
/// One milestone of one system as it stands, apart from the time of reading: when it is due, when it was done, whether it
/// is open, and what has been done to its date. Nothing here changes with the clock, so the status row can keep it and
/// the dashboard reads 10,000 systems without folding one history; <see cref="Matrix.Tag"/> adds the time.
/// </summary>
public sealed record MilestoneFacts(
    Milestone Milestone,
    DateTimeOffset? Due,
    DateTimeOffset? DoneAt,
    bool Optional,
    bool Open,
    bool Extended,
    bool Held,
    LadderLevel Escalation,
    DateTimeOffset? SoonFrom);

/// <summary>One milestone on a system's page: its facts and tag, the due date the round set, and the one an extension gave.</summary>
public sealed record TimelineEntry(MilestoneFacts Facts, CellTag Tag, DateTimeOffset? PlannedDue, DateTimeOffset? ExtendedDue);

/// <summary>How a milestone shows on the dashboard: one tag a cell, in words as well as colour.</summary>
public enum CellTag
{
    DoneOnTime,
    DoneLate,

    /// <summary>Open, and the first reminder of it has gone: the system has been told it is coming.</summary>
    DueSoon,
    Open,
    Overdue,

    /// <summary>Overdue and taken up the ladder to the region or the national team.</summary>
    Escalated,

    /// <summary>Open, on a date moved for this system alone.</summary>
    Extended,

    /// <summary>Open, on a date a hold of the round sets rather than the working-day count.</summary>
    Held,
    Suspended,

    /// <summary>Optional and not given, or not needed since the system withdrew.</summary>
    NotRequired,

    /// <summary>Waiting on a step before it.</summary>
    NotYet,
}

/// <summary>The dashboard's view of a system's milestones: facts from the state, tags from the facts and the time.</summary>
public static class Matrix
{
    /// <summary>The milestones a system follows, in the order it meets them; the rest are other people's.</summary>
    public static ImmutableArray<Milestone> SystemMilestones { get; } =
        [Milestone.Footprint, Milestone.Draft, Milestone.PeerReview, Milestone.Final, Milestone.Agreement, Milestone.Publication];

    /// <summary>Each milestone of the round the system follows, as its state says; the current occurrence of one that recurs.</summary>
    public static ImmutableArray<MilestoneFacts> Facts(InstanceState state, Round round)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        var open = Timetable.Open(state, round).ToHashSet();
        return [.. SystemMilestones.Where(round.Has).Select(milestone =>
        {
            var key = state.CurrentKey(milestone);
            var due = Timetable.Due(state, round, key);
            var held = milestone.IsRelative() && due is { } d && round.HoldOn(milestone, state.Id.System) is { } hold && round.HeldDue(milestone, hold) == d;
            return new MilestoneFacts(
                milestone,
                due,
                state.Completed.TryGetValue(key, out var at) ? at : null,
                round.Definition[milestone].Optional,
                open.Contains(key),
                state.Extensions.ContainsKey(key),
                held,
                state.Escalations.GetValueOrDefault(key),
                due is { } owed ? SoonFrom(round, milestone, owed) : null);
        })];
    }

    /// <summary>The milestones a system may be given more time for: those still owed, with a date to move.</summary>
    public static IEnumerable<MilestoneFacts> Extendable(IEnumerable<MilestoneFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.Where(f => f.Open && !f.Optional && f.Due is not null);
    }

    /// <summary>
    /// A system's milestones as its own page lists them: each with its tag at <paramref name="now"/>, the date the round
    /// set, and the date an extension moved it to, if one did.
    /// </summary>
    public static ImmutableArray<TimelineEntry> Timeline(InstanceState state, Round round, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [.. Facts(state, round).Select(facts =>
        {
            var key = state.CurrentKey(facts.Milestone);
            var planned = facts.Extended ? Timetable.Due(state with { Extensions = state.Extensions.Remove(key) }, round, key) : facts.Due;
            return new TimelineEntry(facts, Tag(facts, state.IsSuspended, state.WithdrawnAt is not null, now), planned, facts.Extended ? facts.Due : null);
        })];
    }

    /// <summary>
    /// The cell's tag at <paramref name="now"/>. What is done says so; then, for what is still owed, the most pressing
    /// thing first: a suspension stops the clock, an escalation outranks being overdue, and a moved or held date is
    /// worth knowing before the system is merely due soon.
    /// </summary>
    public static CellTag Tag(MilestoneFacts facts, bool suspended, bool withdrawn, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.DoneAt is { } done)
        {
            return facts.Due is { } due && done > due ? CellTag.DoneLate : CellTag.DoneOnTime;
        }
        if (withdrawn || (facts.Optional && facts.Due is { } closed && closed < now))
        {
            return CellTag.NotRequired;
        }
        if (!facts.Open || facts.Optional)
        {
            return facts.Optional ? CellTag.Open : CellTag.NotYet;
        }
        return suspended ? CellTag.Suspended
            : facts.Escalation >= LadderLevel.Region ? CellTag.Escalated
            : facts.Due is { } owed && owed < now ? CellTag.Overdue
            : facts.Extended ? CellTag.Extended
            : facts.Held ? CellTag.Held
            : facts.SoonFrom is { } soon && now >= soon ? CellTag.DueSoon
            : CellTag.Open;
    }

    /// <summary>
    /// From when a due date is near: the send time of its earliest reminder, so "due soon" on the dashboard means the
    /// system has been prompted; a milestone with no reminders is near a week of working days before.
    /// </summary>
    private static DateTimeOffset SoonFrom(Round round, Milestone milestone, DateTimeOffset due)
    {
        var days = round.Definition.Reminders.TryGetValue(milestone, out var rule) && !rule.WorkingDaysBefore.IsEmpty
            ? rule.WorkingDaysBefore.Max()
            : 5;
        return round.SendTime(round.Calendar.AddWorkingDays(round.Calendar.LocalDate(due), -days));
    }
}

/// <summary>Whether the national implementation plan can go ahead: every system agreed (or published) or withdrawn.</summary>
public sealed record NationalPlanStanding(DateTimeOffset? Due, int Systems, int Agreed, int Withdrawn)
{
    public int Outstanding => Systems - Agreed - Withdrawn;

    public bool Ready => Systems > 0 && Outstanding == 0;

    public static NationalPlanStanding Of(Round round, IEnumerable<InstanceStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(statuses);
        var stages = statuses.Select(s => s.Stage).ToList();
        return new NationalPlanStanding(
            round.Has(Milestone.NationalPlan) ? round.FixedDue(Milestone.NationalPlan) : null,
            stages.Count,
            stages.Count(s => s is Stage.Agreed or Stage.Published),
            stages.Count(s => s == Stage.Withdrawn));
    }
}
