using System.Collections.Immutable;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>
/// Where one instance stands, as the dashboard and the API show it: its stage, what it owes next and by when,
/// and the highest escalation still open, each milestone's facts for the dashboard's matrix, and how many messages did
/// not reach everyone. <see cref="UpdatedAt"/> is when it was worked out.
/// </summary>
public sealed record InstanceStatus(
    InstanceId Instance,
    RegionCode Region,
    int Version,
    Stage Stage,
    bool Suspended,
    int PlanVersion,
    string? NextMilestone,
    DateTimeOffset? NextDue,
    LadderLevel Escalation,
    string? EscalatedMilestone,
    DateTimeOffset UpdatedAt,
    ImmutableArray<MilestoneFacts> Milestones,
    int Undelivered)
{
    public bool IsWithdrawn => Stage == Stage.Withdrawn;

    /// <summary>Each milestone's tag on the dashboard at <paramref name="now"/>.</summary>
    public IEnumerable<(MilestoneFacts Facts, CellTag Tag)> CellsAt(DateTimeOffset now) =>
        Milestones.Select(m => (m, Matrix.Tag(m, Suspended, IsWithdrawn, now)));

    /// <summary>Overdue is a matter of time, so it is worked out when read, not kept with the rest.</summary>
    public bool IsOverdueAt(DateTimeOffset now) => NextDue is { } due && due < now;

    public static InstanceStatus Of(InstanceState state, Round round, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        var open = Timetable.Open(state, round).ToList();
        // An optional milestone (the footprint change notice) is never owed, so it is never what is due next nor overdue.
        var next = open
            .Where(key => !round.Definition.Milestones[key.Milestone].Optional)
            .Select(key => (key, due: Timetable.Due(state, round, key)))
            .Where(x => x.due is not null)
            .OrderBy(x => x.due)
            .FirstOrDefault();
        // An escalation of something since done or closed no longer stands.
        var escalation = state.Escalations.Where(e => open.Contains(e.Key)).OrderByDescending(e => e.Value).FirstOrDefault();
        return new InstanceStatus(
            state.Id, state.Region, state.Version, state.Stage, state.IsSuspended, state.PlanVersion,
            next.due is null ? null : next.key.ToString(), next.due,
            escalation.Value, escalation.Value == LadderLevel.None ? null : escalation.Key.ToString(), now,
            Matrix.Facts(state, round), state.Undelivered.Count);
    }
}
