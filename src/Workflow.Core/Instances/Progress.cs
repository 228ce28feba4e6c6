using System.Collections.Immutable;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

public enum ProgressState
{
    Done,
    DoneLate,

    /// <summary>An optional milestone whose date has passed without it.</summary>
    NoneGiven,

    /// <summary>An optional milestone still open: nothing is owed.</summary>
    Optional,

    /// <summary>Waiting on a step before it, or closed without being needed.</summary>
    NotYet,
    Open,
    Overdue,
}

/// <summary>One milestone as the system sees it: its current occurrence's due date, how it stands, and when it was done.</summary>
public sealed record MilestoneProgress(Milestone Milestone, DateTimeOffset? Due, ProgressState State, DateTimeOffset? DoneAt);

/// <summary>How a system's own plan stands, as its PMO is shown it, and what the PMO can send now.</summary>
public static class Progress
{
    /// <summary>The milestones a system follows, in the order it meets them; the rest are other people's.</summary>
    private static readonly ImmutableArray<Milestone> SystemMilestones =
        [Milestone.Footprint, Milestone.Draft, Milestone.PeerReview, Milestone.Final, Milestone.Agreement, Milestone.Publication];

    /// <summary>What the system owes now that its PMO sends, if anything; the footprint notice is never owed.</summary>
    public static Milestone? DueNow(InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage switch
        {
            Stage.Drafting => Milestone.Draft,
            Stage.FinalDue => Milestone.Final,
            Stage.ChangesRequested => Milestone.Resubmission,
            Stage.Agreed => Milestone.Publication,
            _ => null,
        };
    }

    /// <summary>Each milestone of the round the system follows, as it stands at <paramref name="now"/>.</summary>
    public static ImmutableArray<MilestoneProgress> Of(InstanceState state, Round round, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        var open = Timetable.Open(state, round).ToHashSet();
        return [.. SystemMilestones.Where(round.Has).Select(milestone =>
        {
            var key = state.CurrentKey(milestone);
            var due = Timetable.Due(state, round, key);
            DateTimeOffset? doneAt = state.Completed.TryGetValue(key, out var at) ? at : null;
            var progress = doneAt is { } done ? (due is { } d && done > d ? ProgressState.DoneLate : ProgressState.Done)
                : round.Definition[milestone].Optional ? (due is { } closed && closed < now ? ProgressState.NoneGiven : ProgressState.Optional)
                : !open.Contains(key) ? ProgressState.NotYet
                : due is { } owed && owed < now ? ProgressState.Overdue
                : ProgressState.Open;
            return new MilestoneProgress(milestone, due, progress, doneAt);
        })];
    }
}
