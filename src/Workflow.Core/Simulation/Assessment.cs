using System.Collections.Immutable;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Simulation;

public enum Standing
{
    /// <summary>The milestone does not apply: optional and not used, no peer, or the system withdrew.</summary>
    None,
    Pending,
    OnTime,
    Late,
    Missed,
}

public sealed record MilestoneStanding(Milestone Milestone, Standing Standing, LadderLevel Escalation)
{
    public bool Escalated => Escalation >= LadderLevel.Region;
}

/// <summary>How each system stood against each milestone: met on time, late, missed, and how far up the ladder it went.</summary>
public static class Assessment
{
    public static ImmutableArray<Milestone> Assessed { get; } =
    [
        Milestone.Footprint, Milestone.FootprintAcknowledgement, Milestone.Draft, Milestone.PeerReview,
        Milestone.Final, Milestone.Agreement, Milestone.Resubmission, Milestone.Publication,
    ];

    public static MilestoneStanding Assess(InstanceState state, Round round, Milestone milestone, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        var keys = Occurrences(state, milestone).ToList();
        var escalation = keys.Select(k => state.Escalations.GetValueOrDefault(k)).DefaultIfEmpty(LadderLevel.None).Max();
        if (!round.Has(milestone) || keys.Count == 0)
        {
            return new(milestone, Standing.None, escalation);
        }
        var worst = Standing.None;
        foreach (var key in keys)
        {
            var due = Timetable.Due(state, round, key);
            var standing = state.Completed.TryGetValue(key, out var at)
                ? due is { } d && at > d ? Standing.Late : Standing.OnTime
                : state.WithdrawnAt is not null ? Standing.None
                : due is { } open && open < asOf ? Standing.Missed
                : Standing.Pending;
            worst = Rank(standing) > Rank(worst) ? standing : worst;
        }
        return new(milestone, worst, escalation);
    }

    private static int Rank(Standing standing) => standing switch
    {
        Standing.Missed => 4,
        Standing.Late => 3,
        Standing.Pending => 2,
        Standing.OnTime => 1,
        _ => 0,
    };

    /// <summary>The occurrences of a milestone the instance has had, as they are assessed.</summary>
    internal static IEnumerable<MilestoneKey> Occurrences(InstanceState state, Milestone milestone) => milestone switch
    {
        Milestone.Footprint => state.FootprintNotices.IsEmpty ? [] : [new(milestone, 0)],
        Milestone.FootprintAcknowledgement => Enumerable.Range(1, state.FootprintNotices.Count).Select(n => new MilestoneKey(milestone, n)),
        Milestone.PeerReview => state.Peer is null ? [] : [new(milestone, 0)],
        Milestone.Final => state.IsDone(Milestone.Draft) || state.WithdrawnAt is null ? [new(milestone, 0)] : [],
        Milestone.Agreement => Enumerable.Range(1, state.PlanVersion).Select(v => new MilestoneKey(milestone, v)),
        Milestone.Resubmission => Enumerable.Range(1, state.ChangesRequestedCount).Select(c => new MilestoneKey(milestone, c)),
        Milestone.Publication => state.IsAgreed ? [new(milestone, 0)] : [],
        _ => [new(milestone, 0)],
    };
}
