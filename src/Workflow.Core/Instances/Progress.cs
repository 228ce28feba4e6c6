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
    public static ImmutableArray<MilestoneProgress> Of(InstanceState state, Round round, DateTimeOffset now) =>
        [.. Matrix.Facts(state, round).Select(facts => new MilestoneProgress(facts.Milestone, facts.Due, Of(facts, now), facts.DoneAt))];

    private static ProgressState Of(MilestoneFacts facts, DateTimeOffset now) =>
        facts.DoneAt is { } done ? (facts.Due is { } d && done > d ? ProgressState.DoneLate : ProgressState.Done)
        : facts.Optional ? (facts.Due is { } closed && closed < now ? ProgressState.NoneGiven : ProgressState.Optional)
        : !facts.Open ? ProgressState.NotYet
        : facts.Due is { } owed && owed < now ? ProgressState.Overdue
        : ProgressState.Open;
}
