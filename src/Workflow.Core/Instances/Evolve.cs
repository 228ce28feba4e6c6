using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

internal static class Evolve
{
    public static InstanceState Apply(InstanceState state, InstanceEvent evt) => evt switch
    {
        InstanceStarted => state,
        FootprintNoticeGiven notice => Owe(
            Complete(state, new(Milestone.Footprint, 0), notice.At, keepFirst: true) with
            {
                FootprintNotices = state.FootprintNotices.Add(
                    new FootprintNotice(state.FootprintNotices.Count + 1, notice.At, notice.Source, notice.From, null, notice.Summary)),
            },
            $"footprint-notice:{state.FootprintNotices.Count + 1}", notice.At, MessageKind.FootprintNoticeReceived,
            new(Milestone.FootprintAcknowledgement, state.FootprintNotices.Count + 1), $"{notice.From}: {notice.Summary}"),
        FootprintAcknowledged ack => Owe(
            Complete(state, new(Milestone.FootprintAcknowledgement, ack.Notice), ack.At) with
            {
                FootprintNotices = state.FootprintNotices.SetItem(ack.Notice - 1, state.FootprintNotices[ack.Notice - 1] with { AcknowledgedAt = ack.At }),
            },
            $"footprint-acknowledged:{ack.Notice}", ack.At, MessageKind.FootprintAcknowledged,
            new(Milestone.FootprintAcknowledgement, ack.Notice)),
        PlanSubmitted submitted => Submit(state, submitted),
        RegionalFeedbackGiven feedback => Owe(
            state with { RegionalFeedbackCount = state.RegionalFeedbackCount + 1 },
            $"regional-feedback:{state.RegionalFeedbackCount + 1}", feedback.At, MessageKind.RegionalFeedback, new(Milestone.Draft, 0), feedback.Comment),
        PeerPaired paired => state with { Peer = paired.Peer, PeerPairedAt = paired.At },
        PeerFeedbackGiven feedback => Owe(
            Complete(state, new(Milestone.PeerReview, 0), feedback.At),
            "peer-feedback", feedback.At, MessageKind.PeerFeedbackReceived, new(Milestone.PeerReview, 0), feedback.Comment),
        DecisionRecorded decision => Decide(state, decision),
        PlanPublished published => Owe(
            Complete(state, new(Milestone.Publication, 0), published.At) with { PublishedUrl = published.Url },
            "published", published.At, MessageKind.Published, new(Milestone.Publication, 0), published.Url.ToString()),
        DeadlineExtended extension => Owe(
            state with
            {
                Extensions = state.Extensions.SetItem(state.CurrentKey(extension.Milestone), extension.NewDue),
                ExtendedAt = state.ExtendedAt.SetItem(state.CurrentKey(extension.Milestone), extension.At),
                ExtensionCount = state.ExtensionCount + 1,
            },
            $"extension:{state.ExtensionCount + 1}", extension.At, MessageKind.ExtensionGranted, state.CurrentKey(extension.Milestone), extension.Reason, extension.Before),
        TimetableChanged changed => Owe(
            state with { RoundVersion = changed.RoundVersion, TimetableChangedAt = changed.At },
            $"timetable:v{changed.RoundVersion}", changed.At, MessageKind.TimetableChanged, null, before: changed.Before),
        Suspended suspended => state with { IsSuspended = true, Pauses = state.Pauses.Add(new Pause(suspended.At, suspended.By, suspended.Reason)) },
        // An instance suspended before suspensions were kept has no open pause to close: it resumes with its dates as they were.
        Resumed resumed => state.Pauses is [.., { Until: null } open]
            ? Owe(state with { IsSuspended = false, Pauses = state.Pauses.SetItem(state.Pauses.Count - 1, open with { Until = resumed.At }) },
                $"resumed:{state.Pauses.Count}", resumed.At, MessageKind.Resumed, null, before: resumed.Before)
            : state with { IsSuspended = false },
        Withdrawn withdrawn => state with { WithdrawnAt = withdrawn.At, Pending = [] },
        Restarted restarted => StateMachine.Start(state.Id, new InstanceStarted(restarted.At, state.Region, state.RoundVersion)) with
        {
            Generation = state.Generation + 1,
        },
        CommandIssued issued => Issue(state, issued.Command),
        DeliveryFailed failed => TellDirector(state with
        {
            Undelivered = state.Undelivered.SetItem(failed.Command.Id, new UndeliveredCommand(failed.Command, failed.At, failed.Reason)),
        }, failed),
        ResendRequested resend => Resend(state, state.Undelivered[resend.CommandId].Command, resend.At),
        _ => throw new ArgumentException($"Unknown event {evt.GetType().Name}.", nameof(evt)),
    };

    private static InstanceState Submit(InstanceState state, PlanSubmitted submitted)
    {
        if (submitted.Milestone == Milestone.Draft)
        {
            return Owe(Complete(state, new(Milestone.Draft, 0), submitted.At),
                "received:draft", submitted.At, MessageKind.SubmissionReceived, new(Milestone.Draft, 0));
        }
        var key = state.CurrentKey(submitted.Milestone);
        var version = state.PlanVersion + 1;
        var next = Complete(state, key, submitted.At) with { PlanSubmissions = state.PlanSubmissions.Add(submitted.At) };
        next = Owe(next, $"received:plan-v{version}", submitted.At, MessageKind.SubmissionReceived, key);
        return Owe(next, $"approval:v{version}", submitted.At, MessageKind.ApprovalRequest, new(Milestone.Agreement, version));
    }

    private static InstanceState Decide(InstanceState state, DecisionRecorded decision)
    {
        var next = Complete(state, new(Milestone.Agreement, decision.PlanVersion), decision.At) with
        {
            Decisions = state.Decisions.Add(decision),
        };
        return decision.Outcome == Outcome.Agreed
            ? Owe(next, $"agreed:v{decision.PlanVersion}", decision.At, MessageKind.Agreed, new(Milestone.Publication, 0))
            : Owe(next, $"changes-requested:v{decision.PlanVersion}", decision.At, MessageKind.ChangesRequested, next.CurrentKey(Milestone.Resubmission), decision.Comment);
    }

    private static InstanceState Issue(InstanceState state, Command command)
    {
        var next = state with
        {
            Issued = state.Issued.Add(command.Id),
            Pending = state.Pending.RemoveAll(n => n.Id == command.Id),
        };
        if (command.Level != LadderLevel.None && command.Key is { } key
            && (!state.Escalations.TryGetValue(key, out var level) || level < command.Level))
        {
            next = next with { Escalations = state.Escalations.SetItem(key, command.Level) };
        }
        return next;
    }

    /// <summary>
    /// A PMO who never had a prompt does not know what is due, and only the region can chase them another way: the
    /// director hears of it once per message, however often it is resent and fails again.
    /// </summary>
    private static InstanceState TellDirector(InstanceState state, DeliveryFailed failed)
    {
        var command = failed.Command;
        var pmoMissedIt = failed.Recipient is { } role ? role == Role.Pmo : command.To.Contains(Role.Pmo);
        if (!command.Kind.IsPmoPrompt() || !pmoMissedIt)
        {
            return state;
        }
        var id = CommandIds.For(state, $"undelivered:{command.Id}");
        return state.Issued.Contains(id) || state.Pending.Any(n => n.Id == id) ? state
            : state with { Pending = state.Pending.Add(new Notice(id, failed.At, MessageKind.PromptUndelivered, command.Key, command.PlanVersion, failed.Reason)) };
    }

    /// <summary>Owed again under its own id, so those who had it are not sent it twice and the rest get it at the next decision.</summary>
    private static InstanceState Resend(InstanceState state, Command command, DateTimeOffset at) => state with
    {
        Undelivered = state.Undelivered.Remove(command.Id),
        Pending = state.Pending.Add(new Notice(command.Id, at, command.Kind, command.Key, command.PlanVersion, command.Detail)),
    };

    private static InstanceState Complete(InstanceState state, MilestoneKey key, DateTimeOffset at, bool keepFirst = false) =>
        keepFirst && state.Completed.ContainsKey(key) ? state : state with { Completed = state.Completed.SetItem(key, at) };

    private static InstanceState Owe(
        InstanceState state, string name, DateTimeOffset at, MessageKind kind, MilestoneKey? key, string? detail = null, IReadOnlyList<DueDate>? before = null) =>
        state with { Pending = state.Pending.Add(new Notice(CommandIds.For(state, name), at, kind, key, state.PlanVersion, detail, before)) };
}
