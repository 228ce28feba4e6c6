using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using static Workflow.Notifications.Tests.Support.Round2019;

namespace Workflow.Notifications.Tests.Support;

/// <summary>One message of a kind, as the 2019/20 round would send it, and what its subject and due date must read.</summary>
internal sealed record Case(MessageBuilder Message, string Subject, string? DueText);

/// <summary>A case for every kind of message, on the 2019/20 round's own dates.</summary>
internal static class Cases
{
    private const string Suffix = " — Humber, Coast and Vale (2019/20 planning round)";

    // The final plan is submitted on Wednesday 13 November; the director decides on Wednesday 20 November.
    private static readonly DateTimeOffset FinalSubmitted = London(2019, 11, 13, 14);
    private static readonly DateTimeOffset Decided = London(2019, 11, 20, 11);
    private static readonly DateTimeOffset NoticeGiven = London(2019, 7, 15, 10);

    public static Case For(MessageKind kind) => kind switch
    {
        MessageKind.Timetable => new(
            new(kind, null, Round2019.Round.OpensAt),
            "The planning round is open: your timetable" + Suffix, null),
        MessageKind.TimetableChanged => new(
            new(kind, null, London(2019, 8, 1, 12)) { Copy = [Role.RegionalDirector] },
            "The timetable has changed" + Suffix, null),
        MessageKind.Resumed => new(
            new(kind, null, London(2019, 10, 28, 9)) { Copy = [Role.RegionalDirector] },
            "Planning has resumed: your dates have moved" + Suffix, null),
        MessageKind.Reminder => new(
            new(kind, Milestone.Final, ReminderBefore(Due(Milestone.Final), 5), Due(Milestone.Final)),
            "Reminder: final system plan due Friday 15 November 2019" + Suffix, "Friday 15 November 2019 at 5pm"),
        MessageKind.DueToday => new(
            new(kind, Milestone.Draft, London(2019, 9, 27, 9), Due(Milestone.Draft)),
            "Due today: draft system plan by 5pm" + Suffix, "Friday 27 September 2019 at 5pm"),
        MessageKind.Overdue => new(
            new(kind, Milestone.Draft, London(2019, 9, 30, 9), Due(Milestone.Draft)) { Copy = [Role.RegionalDirector] },
            "Overdue: draft system plan was due Friday 27 September 2019" + Suffix, "Friday 27 September 2019 at 5pm"),
        MessageKind.EscalationToRegion => new(
            new(kind, Milestone.Final, London(2019, 11, 20, 9), Due(Milestone.Final)) { To = [Role.RegionalDirector], Copy = [Role.Pmo] },
            "Escalation: final system plan overdue since Friday 15 November 2019" + Suffix, "Friday 15 November 2019 at 5pm"),
        MessageKind.EscalationToNational => new(
            new(kind, Milestone.Draft, London(2019, 10, 4, 9), Due(Milestone.Draft)) { To = [Role.National], Copy = [Role.RegionalDirector, Role.Pmo] },
            "Escalation to the national team: draft system plan overdue since Friday 27 September 2019" + Suffix, "Friday 27 September 2019 at 5pm"),
        MessageKind.SubmissionReceived => new(
            new(kind, Milestone.Final, FinalSubmitted, Due(Milestone.Final)) { Copy = [Role.RegionalDirector], PlanVersion = 1 },
            "Received: final system plan (version 1)" + Suffix, null),
        MessageKind.ApprovalRequest => new(
            new(kind, Milestone.Agreement, FinalSubmitted, DueAfter(Milestone.Agreement, FinalSubmitted)) { To = [Role.RegionalDirector], Cycle = 1, PlanVersion = 1 },
            "Please agree: final plan (version 1) by Wednesday 27 November 2019" + Suffix, "Wednesday 27 November 2019 at 5pm"),
        MessageKind.Agreed => new(
            new(kind, Milestone.Publication, Decided, DueAfter(Milestone.Publication, Decided)) { Copy = [Role.National], PlanVersion = 1 },
            "Agreed: final plan (version 1)" + Suffix, "Wednesday 18 December 2019 at 5pm"),
        MessageKind.ChangesRequested => new(
            new(kind, Milestone.Resubmission, Decided, DueAfter(Milestone.Resubmission, Decided))
            {
                PlanVersion = 1,
                Detail = "Please show how the workforce plan meets the mental health investment standard.",
            },
            "Changes requested: final plan (version 1)" + Suffix, "Wednesday 4 December 2019 at 5pm"),
        MessageKind.ExtensionGranted => new(
            new(kind, Milestone.Draft, London(2019, 9, 25, 15), London(2019, 10, 4, 17))
            {
                Copy = [Role.RegionalDirector],
                Detail = "The system's finance lead is on leave; agreed with the regional team.",
            },
            "Deadline extended: draft system plan now due Friday 4 October 2019" + Suffix, "Friday 4 October 2019 at 5pm"),
        MessageKind.FootprintNoticeReceived => new(
            new(kind, Milestone.FootprintAcknowledgement, NoticeGiven, DueAfter(Milestone.FootprintAcknowledgement, NoticeGiven))
            {
                To = [Role.RegionalDirector],
                Copy = [Role.Pmo],
                Cycle = 1,
                Detail = "North Lincolnshire Council: proposes to align with the Humber footprint from April 2020.",
            },
            "Footprint change notice: please acknowledge by Monday 29 July 2019" + Suffix, "Monday 29 July 2019 at 5pm"),
        MessageKind.FootprintAcknowledged => new(
            new(kind, Milestone.FootprintAcknowledgement, London(2019, 7, 22, 16), DueAfter(Milestone.FootprintAcknowledgement, NoticeGiven)) { Cycle = 1 },
            "Footprint change notice acknowledged" + Suffix, null),
        MessageKind.RegionalFeedback => new(
            new(kind, Milestone.Draft, London(2019, 10, 10, 12), Due(Milestone.Draft))
            {
                Detail = "A strong draft. Please say more about primary care networks.\nThe finance bridge needs work.",
            },
            "Regional feedback on the draft system plan" + Suffix, null),
        MessageKind.PeerReviewPairing => new(
            new(kind, Milestone.PeerReview, Round2019.Round.PeerReviewOpensAt!.Value, Due(Milestone.PeerReview)) { To = [Role.Pmo, Role.PeerPmo] },
            "Peer review pairing with West Yorkshire and Harrogate: feedback due Friday 25 October 2019" + Suffix, "Friday 25 October 2019 at 5pm"),
        MessageKind.PeerFeedbackReceived => new(
            new(kind, Milestone.PeerReview, London(2019, 10, 24, 15), Due(Milestone.PeerReview)) { Copy = [Role.RegionalDirector], Detail = "Strong on prevention; thin on workforce." },
            "Peer review feedback received from West Yorkshire and Harrogate" + Suffix, null),
        MessageKind.Published => new(
            new(kind, Milestone.Publication, London(2019, 12, 12, 10), DueAfter(Milestone.Publication, Decided)) { To = [Role.RegionalDirector, Role.National] },
            "Published: agreed plan" + Suffix, null),
        MessageKind.NewLink => new(
            new(kind, null, London(2019, 11, 22, 10)) { To = [Role.RegionalDirector], PlanVersion = 1, Link = new(LinkAction.Decide, 1, London(2019, 12, 13, 10)) },
            "Your new link for Humber, Coast and Vale's plan agreement" + Suffix, null),
        MessageKind.PromptUndelivered => new(
            new(kind, Milestone.Draft, London(2019, 9, 26, 9), Due(Milestone.Draft)) { To = [Role.RegionalDirector], Detail = "550 5.1.1 mailbox unavailable" },
            "Not delivered: the programme office's e-mail about the draft system plan" + Suffix, null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No case for this kind."),
    };

    public static TheoryData<MessageKind> AllKinds => new(Enum.GetValues<MessageKind>());
}
