using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Simulation;

/// <summary>
/// What the simulated people of one system do next. Dated actions (notices, extensions, suspensions) are
/// fixed in advance; the rest answer the instance's state, as people answer the prompts they get.
/// </summary>
public sealed class SystemScript : IPeople
{
    /// <summary>Who the replay says suspends, resumes and withdraws systems.</summary>
    internal const string NationalTeam = "national team";

    private readonly SystemBehaviour _behaviour;
    private readonly InstanceId _id;

    public SystemScript(InstanceId id, SystemBehaviour behaviour, Round round, SystemCode? peer, DateTime? peerPairingAt)
    {
        _id = id;
        _behaviour = behaviour;
        var calendar = round.Calendar;
        var dated = new List<InstanceEvent>();
        foreach (var notice in behaviour.FootprintNotices)
        {
            dated.Add(new FootprintNoticeGiven(calendar.ToInstant(notice.At), notice.Source, notice.From, notice.Summary));
        }
        foreach (var extension in behaviour.Extensions)
        {
            dated.Add(new DeadlineExtended(calendar.ToInstant(extension.GrantedAt), extension.Milestone, extension.NewDue, extension.Reason, extension.GrantedBy));
        }
        foreach (var suspension in behaviour.Suspensions)
        {
            dated.Add(new Suspended(calendar.ToInstant(suspension.From), NationalTeam, suspension.Reason));
            if (suspension.To is { } to)
            {
                dated.Add(new Resumed(calendar.ToInstant(to), NationalTeam));
            }
        }
        if (behaviour.Withdrawal is var (withdrawnAt, reason))
        {
            dated.Add(new Withdrawn(calendar.ToInstant(withdrawnAt), NationalTeam, reason));
        }
        if (peer is { } reviewer && peerPairingAt is { } pairedAt)
        {
            dated.Add(new PeerPaired(calendar.ToInstant(pairedAt), reviewer));
        }
        // Stable order keeps runs deterministic when two dated actions share an instant.
        Dated = [.. dated.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e)];
    }

    public IReadOnlyList<InstanceEvent> Dated { get; }

    /// <summary>The earliest action the people of this system take in answer to where the instance stands.</summary>
    public InstanceEvent? NextReaction(InstanceState state, Round round)
    {
        if (state.WithdrawnAt is not null || state.IsSuspended)
        {
            return null;
        }
        InstanceEvent? next = null;
        void Consider(InstanceEvent? candidate)
        {
            if (candidate is not null && (next is null || candidate.At < next.At))
            {
                next = candidate;
            }
        }

        var calendar = round.Calendar;
        foreach (var notice in state.FootprintNotices.Where(n => n.AcknowledgedAt is null))
        {
            if (_behaviour.FootprintNotices.ElementAtOrDefault(notice.Number - 1)?.Acknowledged is { } ack)
            {
                Consider(new FootprintAcknowledged(After(calendar, notice.At, ack), notice.Number, "regional director"));
            }
        }

        switch (state.Stage)
        {
            case Stage.Drafting:
                Consider(When(state, round, Milestone.Draft, _behaviour.Draft) is { } draftAt
                    ? new PlanSubmitted(draftAt, Milestone.Draft, "system PMO", $"https://plans.example.org/{_id.Round}/{_id.System}/draft") : null);
                break;
            case Stage.FinalDue:
                Consider(When(state, round, Milestone.Final, _behaviour.Final) is { } finalAt
                    ? new PlanSubmitted(finalAt, Milestone.Final, "system PMO", $"https://plans.example.org/{_id.Round}/{_id.System}/final") : null);
                break;
            case Stage.AwaitingAgreement:
                var decision = _behaviour.Decisions[Math.Min(state.PlanVersion, _behaviour.Decisions.Length) - 1];
                if (decision.Outcome is { } outcome)
                {
                    var at = After(calendar, state.PlanSubmissions[^1], decision.After);
                    Consider(new DecisionRecorded(at, outcome, state.PlanVersion, "regional director", outcome == Outcome.Agreed ? null : decision.Comment));
                }
                break;
            case Stage.ChangesRequested:
                Consider(When(state, round, Milestone.Resubmission, _behaviour.Resubmission) is { } resubmitAt
                    ? new PlanSubmitted(resubmitAt, Milestone.Resubmission, "system PMO", $"https://plans.example.org/{_id.Round}/{_id.System}/final-v{state.PlanVersion + 1}") : null);
                break;
            case Stage.Agreed:
                Consider(When(state, round, Milestone.Publication, _behaviour.Publication) is { } publishAt
                    ? new PlanPublished(publishAt, new Uri($"https://www.example.org/{_id.System}/five-year-plan"), "system PMO") : null);
                break;
        }

        if (state.IsDone(Milestone.Draft))
        {
            if (state.RegionalFeedbackCount == 0 && _behaviour.RegionalFeedback is { } feedback)
            {
                Consider(new RegionalFeedbackGiven(After(calendar, state.Completed[new MilestoneKey(Milestone.Draft, 0)], feedback),
                    "regional team", "Thank you for the draft. Please say more on workforce supply and the financial recovery trajectory."));
            }
            if (state.Peer is { } peer && state.PlanVersion == 0 && !state.IsDone(Milestone.PeerReview)
                && When(state, round, Milestone.PeerReview, _behaviour.PeerFeedback) is { } peerAt)
            {
                Consider(new PeerFeedbackGiven(peerAt, peer, "peer system PMO"));
            }
        }
        return next;
    }

    private static DateTimeOffset? When(InstanceState state, Round round, Milestone milestone, Timing timing)
    {
        var calendar = round.Calendar;
        return timing switch
        {
            AtTime at => calendar.ToInstant(at.Local),
            FromDue fromDue when Timetable.Due(state, round, state.CurrentKey(milestone)) is { } due =>
                calendar.ToInstant(calendar.AddWorkingDays(calendar.LocalDate(due), fromDue.WorkingDays), fromDue.Time),
            _ => null,
        };
    }

    private static DateTimeOffset After(Calendar.WorkingCalendar calendar, DateTimeOffset from, AfterEvent after)
    {
        var at = calendar.ToInstant(calendar.AddWorkingDays(calendar.LocalDate(from), after.WorkingDays), after.Time);
        return at > from ? at : from;
    }
}
