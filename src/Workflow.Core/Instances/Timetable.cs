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

    /// <summary>The due instant of the occurrence, or null when the round lacks the milestone or it has not opened.</summary>
    public static DateTimeOffset? Due(InstanceState state, Round round, MilestoneKey key)
    {
        if (!round.Has(key.Milestone))
        {
            return null;
        }
        var due = !key.Milestone.IsRelative() ? round.FixedDue(key.Milestone)
            : OpenedAt(state, key) is { } opened ? round.RelativeDue(key.Milestone, opened, state.Id.System)
            : (DateTimeOffset?)null;
        // An extension gives one system more time than the round: should the round's date later move past it, the
        // system keeps the later date rather than being chased before everyone else.
        return state.Extensions.TryGetValue(key, out var extended) && round.Calendar.ToInstant(extended) is var until && (due is null || until > due)
            ? until
            : due;
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

    private static DateTimeOffset? Completion(InstanceState state, Milestone milestone) =>
        state.Completed.TryGetValue(new MilestoneKey(milestone, 0), out var at) ? at : null;

    private static DecisionRecorded? ChangeRequest(InstanceState state, int number) =>
        number >= 1 ? state.Decisions.Where(d => d.Outcome == Outcome.ChangesRequested).ElementAtOrDefault(number - 1) : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
