using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>Which events an instance accepts in which state. A refusal is a sentence a person can act on.</summary>
internal static class Rules
{
    public static string? Check(InstanceState state, Round round, InstanceEvent evt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(evt);
        if (evt is Restarted restarted)
        {
            return string.IsNullOrWhiteSpace(restarted.Reason) ? "a restart needs a reason" : Person(restarted.By);
        }
        if (state.WithdrawnAt is not null)
        {
            return "the system has been withdrawn from this round";
        }
        return evt switch
        {
            InstanceStarted => "the instance has started already",
            FootprintNoticeGiven notice => CheckFootprintNotice(state, round, notice),
            FootprintAcknowledged ack => ack.Notice < 1 || ack.Notice > state.FootprintNotices.Count
                ? $"there is no footprint notice {ack.Notice}"
                : state.FootprintNotices[ack.Notice - 1].AcknowledgedAt is not null
                    ? $"footprint notice {ack.Notice} has been acknowledged already"
                    : Person(ack.By),
            PlanSubmitted submitted => CheckSubmission(state, submitted),
            RegionalFeedbackGiven feedback => !state.IsDone(Milestone.Draft)
                ? "regional feedback is on the draft plan, which has not been submitted"
                : string.IsNullOrWhiteSpace(feedback.Comment) ? "feedback needs a comment" : Person(feedback.By),
            PeerPaired paired => !round.Has(Milestone.PeerReview)
                ? "this round has no peer review"
                : paired.Peer == state.Id.System ? "a system cannot review its own plan"
                : state.IsDone(Milestone.PeerReview) ? "peer feedback has been given already"
                : null,
            PeerFeedbackGiven feedback => state.Peer is null
                ? "the system has not been paired for peer review"
                : feedback.Reviewer != state.Peer ? $"{feedback.Reviewer} is not this system's peer reviewer ({state.Peer})"
                : !state.IsDone(Milestone.Draft) ? "there is no draft plan to review yet"
                : state.IsDone(Milestone.PeerReview) ? "peer feedback has been given already"
                : Person(feedback.By),
            DecisionRecorded decision => CheckDecision(state, decision),
            PlanPublished published => !state.IsAgreed
                ? "only an agreed plan can be published"
                : state.PublishedUrl is not null ? "the plan's publication has been recorded already"
                : !published.Url.IsAbsoluteUri || published.Url.Scheme is not ("https" or "http") ? "the publication address must be a web address (https://…)"
                : Person(published.By),
            DeadlineExtended extension => CheckExtension(state, round, extension),
            TimetableChanged changed => changed.RoundVersion <= state.RoundVersion
                ? $"the instance already follows timetable version {state.RoundVersion}"
                : null,
            Suspended suspended => state.IsSuspended ? "the instance is suspended already"
                : string.IsNullOrWhiteSpace(suspended.Reason) ? "a suspension needs a reason" : Person(suspended.By),
            Resumed resumed => !state.IsSuspended ? "the instance is not suspended" : Person(resumed.By),
            Withdrawn withdrawn => string.IsNullOrWhiteSpace(withdrawn.Reason) ? "a withdrawal needs a reason" : Person(withdrawn.By),
            CommandIssued issued => state.Issued.Contains(issued.Command.Id) ? $"command {issued.Command.Id} has been issued already" : null,
            DeliveryFailed failed => !state.Issued.Contains(failed.Command.Id) ? $"command {failed.Command.Id} has not been issued"
                : state.Undelivered.ContainsKey(failed.Command.Id) ? $"command {failed.Command.Id} is recorded as undelivered already"
                : null,
            ResendRequested resend => !state.Undelivered.ContainsKey(resend.CommandId)
                ? $"there is no undelivered message {resend.CommandId} to send again"
                : Person(resend.By),
            _ => $"unknown event {evt.GetType().Name}",
        };
    }

    private static string? Person(string by) => string.IsNullOrWhiteSpace(by) ? "who acted must be recorded" : null;

    private static string? CheckFootprintNotice(InstanceState state, Round round, FootprintNoticeGiven notice)
    {
        if (!round.Has(Milestone.Footprint))
        {
            return "this round takes no footprint change notices";
        }
        if (state.PlanVersion > 0)
        {
            return "footprint changes cannot be notified once the final plan is in";
        }
        return string.IsNullOrWhiteSpace(notice.From) ? "a footprint notice must say who gives it"
            : string.IsNullOrWhiteSpace(notice.Summary) ? "a footprint notice must describe the change"
            : null;
    }

    private static string? CheckSubmission(InstanceState state, PlanSubmitted submitted)
    {
        var refusal = submitted.Milestone switch
        {
            Milestone.Draft => state.IsDone(Milestone.Draft) ? "the draft plan has been submitted already" : null,
            Milestone.Final => !state.IsDone(Milestone.Draft) ? "the draft plan must be submitted before the final plan"
                : state.PlanVersion > 0 ? "the final plan has been submitted already; send a resubmission when changes are requested"
                : null,
            Milestone.Resubmission => state.Stage != Stage.ChangesRequested
                ? "a plan can only be resubmitted after the regional director has asked for changes"
                : null,
            _ => $"'{submitted.Milestone.Name()}' is not a plan submission",
        };
        return refusal ?? Person(submitted.By);
    }

    private static string? CheckDecision(InstanceState state, DecisionRecorded decision)
    {
        if (state.PlanVersion == 0)
        {
            return "no final plan has been submitted";
        }
        if (decision.PlanVersion != state.PlanVersion)
        {
            return $"this decision is on plan version {decision.PlanVersion}, but version {state.PlanVersion} is the current one";
        }
        if (!state.AwaitsDecision)
        {
            return $"a decision on plan version {decision.PlanVersion} has been recorded already";
        }
        if (decision.Outcome == Outcome.ChangesRequested && string.IsNullOrWhiteSpace(decision.Comment))
        {
            return "asking for changes needs a comment saying what to change";
        }
        return Person(decision.By);
    }

    private static string? CheckExtension(InstanceState state, Round round, DeadlineExtended extension)
    {
        var key = state.CurrentKey(extension.Milestone);
        if (!round.Has(extension.Milestone) || extension.Milestone == Milestone.NationalPlan)
        {
            return $"'{extension.Milestone.Name()}' is not a milestone this system can be given more time for";
        }
        if (state.Completed.ContainsKey(key))
        {
            return $"'{key}' has been met already";
        }
        if (Timetable.Due(state, round, key) is not { } due)
        {
            return $"'{key}' has not opened yet, so it has no due date to extend";
        }
        var newDue = round.Calendar.ToInstant(extension.NewDue);
        var date = DateOnly.FromDateTime(extension.NewDue);
        if (newDue <= due)
        {
            return $"the new due date must be later than the current one ({round.Calendar.ToLocal(due):ddd d MMM yyyy HH:mm})";
        }
        if (!round.Calendar.Covers(date))
        {
            return $"{date:d MMM yyyy} is past the calendar's bank holidays (to {round.Calendar.LastYear})";
        }
        if (!round.Calendar.IsWorkingDay(date))
        {
            return $"{date:dddd d MMM yyyy} is not a working day";
        }
        return string.IsNullOrWhiteSpace(extension.Reason) ? "an extension needs a reason" : Person(extension.GrantedBy);
    }
}
