using System.Collections.Frozen;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.Templates;

/// <summary>What each kind of message says. Sentences are plain text: the renderer encodes them.</summary>
internal static class Wording
{
    private const string NeedMoreTime = "If you need more time, ask the contacts below about an extension.";

    private static readonly FrozenDictionary<MessageKind, Template> All =
        Enum.GetValues<MessageKind>().ToFrozenDictionary(kind => kind, Create);

    public static Template For(MessageKind kind) => All[kind];

    private static Template Create(MessageKind kind) => kind switch
    {
        MessageKind.Timetable => new(
            _ => "The planning round is open: your timetable",
            m => $"The {m.Round} is open",
            m => [
                $"The {m.Round} is now open for {m.System}.",
                "Your system's page lists each milestone and its due date. It is where you give a footprint change notice (optional), submit the draft and final plans and, once the final plan is agreed, record where it is published.",
                "We will remind you before each deadline. Deadlines count working days in England, and times are UK time.",
            ],
            _ => MilestoneWording.OpenPage, ShowDue: false, DetailLabel: "The timetable"),

        MessageKind.TimetableChanged => new(
            _ => "The timetable has changed",
            _ => "The timetable has changed",
            m => [
                $"The national team has changed the timetable of the {m.Round}. The new dates apply to {m.System} straight away.",
                "Your system's page shows the new due dates, and reminders will follow them.",
            ],
            _ => "See the new dates", ShowDue: false),

        MessageKind.Reminder => new(
            m => $"Reminder: {m.Thing}{m.Due("due")}",
            m => $"Reminder: the {m.Thing} is due{m.By}",
            m => [$"This is a reminder that the {m.Thing} for {m.System} is due{m.By}.", m.Ask],
            m => m.Act),

        MessageKind.DueToday => new(
            m => $"Due today: {m.Thing}{m.ByTime}",
            m => $"The {m.Thing} is due today",
            m => [$"The {m.Thing} for {m.System} is due today{m.ByTime}.", m.Ask, NeedMoreTime],
            m => m.Act),

        MessageKind.Overdue => new(
            m => $"Overdue: {m.Thing}{m.Due("was due")}",
            m => $"The {m.Thing} is overdue",
            m => [$"The {m.Thing} for {m.System} was due{m.By}, and it has not been received yet.", m.Ask, $"Please do this as soon as you can. {NeedMoreTime}"],
            m => m.Act),

        MessageKind.EscalationToRegion => new(
            m => $"Escalation: {m.Thing} overdue{m.Due("since")}",
            m => $"The {m.Thing} for {m.System} is overdue",
            m => [
                $"The {m.Thing} for {m.System} was due{m.By}, and it is still outstanding.",
                $"As the regional director for {m.Region}, please follow this up with {m.Owner}.",
            ],
            m => $"See the progress of {m.System}"),

        MessageKind.EscalationToNational => new(
            m => $"Escalation to the national team: {m.Thing} overdue{m.Due("since")}",
            m => $"The {m.Thing} for {m.System} is still overdue",
            m => [
                $"The {m.Thing} for {m.System}, in the {m.Region} region, was due{m.By}, and it is still outstanding.",
                $"Please follow this up with the regional team for {m.Region} and with {m.Owner}.",
            ],
            m => $"See the progress of {m.System}"),

        MessageKind.SubmissionReceived => new(
            m => $"Received: {m.Thing}{m.Version}",
            m => $"We have received the {m.Thing}",
            m => [
                $"Thank you: we have received the {m.Thing}{m.Version} for {m.System}.",
                m.Command.Milestone == Milestone.Draft
                    ? $"Next, the regional team for {m.Region} will give feedback, and {m.System} will be paired with a peer system for review."
                    : $"The regional director for {m.Region} has been asked to agree it. We will tell you their decision.",
            ],
            m => IsFeedbackRequest(m) ? "Give the region's feedback on the draft" : MilestoneWording.OpenPage, ShowDue: false,
            Next: m => IsFeedbackRequest(m) ? [$"As regional director, please give the region's feedback on the draft to {m.System} through your link: it goes to the system's programme office."] : []),

        MessageKind.ApprovalRequest => new(
            m => $"Please agree: final plan{m.Version}{m.Due("by")}",
            m => $"Please agree the final plan for {m.System}",
            m => [
                $"{m.System} has submitted its final plan{m.Version} for agreement.",
                $"Please review it and either agree it or ask for changes, with your comments,{m.By}.",
                "The link opens the plan and a form to confirm your decision: nothing is recorded until you confirm.",
            ],
            m => m.Act),

        MessageKind.Agreed => new(
            m => $"Agreed: final plan{m.Version}",
            m => $"The final plan for {m.System} is agreed",
            m => [
                $"The regional director for {m.Region} has agreed the final plan{m.Version} for {m.System}.",
                $"Next, please publish the plan and record where it is published{m.By}.",
            ],
            m => m.Act),

        MessageKind.ChangesRequested => new(
            m => $"Changes requested: final plan{m.Version}",
            m => $"Changes requested to the final plan for {m.System}",
            m => [$"The regional director for {m.Region} has asked for changes to the final plan{m.Version} for {m.System} before agreeing it."],
            m => m.Act, DetailLabel: "The regional director's comments",
            Next: m => [$"Please make the changes and resubmit the plan{m.By}."]),

        MessageKind.Resumed => new(
            _ => "Planning has resumed: your dates have moved",
            m => $"Planning has resumed for {m.System}",
            m => [
                $"The suspension of {m.System} in the {m.Round} has ended.",
                "Your due dates have moved on by the working days the suspension lasted, so you have as long left as you had when it began. The dates that moved are listed below.",
            ],
            _ => "See the new dates", ShowDue: false,
            Next: _ => ["Reminders will follow the new dates."]),

        MessageKind.ExtensionGranted => new(
            m => $"Deadline extended: {m.Thing} now due{m.Due()}",
            m => $"New deadline for the {m.Thing}",
            m => [$"The deadline for the {m.Thing} for {m.System} has been extended. It is now due{m.By}."],
            m => m.Act, DetailLabel: "Reason for the extension",
            Next: _ => ["Reminders will follow the new date."]),

        MessageKind.FootprintNoticeReceived => new(
            m => $"Footprint change notice: please acknowledge{m.Due("by")}",
            m => $"A footprint change notice for {m.System}",
            m => [$"A footprint change notice has been given for {m.System}."],
            m => m.Act, DetailLabel: "The notice",
            Next: m => [$"Please read it and acknowledge it{m.By}."]),

        MessageKind.FootprintAcknowledged => new(
            _ => "Footprint change notice acknowledged",
            _ => "Your footprint change notice is acknowledged",
            m => [
                $"The regional director for {m.Region} has acknowledged the footprint change notice for {m.System}.",
                "There is nothing more to do about the notice.",
            ],
            _ => MilestoneWording.OpenPage, ShowDue: false),

        MessageKind.RegionalFeedback => new(
            _ => "Regional feedback on the draft system plan",
            m => $"Feedback on the draft plan for {m.System}",
            m => [$"The regional team for {m.Region} has given feedback on the draft plan for {m.System}."],
            _ => MilestoneWording.OpenPage, ShowDue: false, DetailLabel: "The feedback",
            Next: _ => ["Please take it into account in the final system plan."]),

        MessageKind.PeerReviewPairing => new(
            m => $"Peer review pairing with {m.Peer}: feedback due{m.Due()}",
            m => $"Peer review: {m.System} is paired with {m.Peer}",
            m => m.Recipient.Role == Role.PeerPmo
                ? [$"For facilitated peer review, your system, {m.Peer}, is paired with {m.System}.", $"Please review the draft plan for {m.System} and return your feedback{m.By}."]
                : [$"For facilitated peer review, {m.System} is paired with {m.Peer}.", $"The programme office for {m.Peer} will review your draft plan and return feedback{m.By}. We will tell you when it arrives."],
            m => m.Recipient.Role == Role.PeerPmo ? m.Act : MilestoneWording.OpenPage),

        MessageKind.PeerFeedbackReceived => new(
            m => $"Peer review feedback received from {m.Peer}",
            m => $"Peer review feedback from {m.Peer}",
            m => [
                $"{m.Peer} has returned its peer review feedback on the draft plan for {m.System}.",
                m.HasDetail
                    ? "Their feedback is below."
                    : "The feedback itself comes to you and the regional team from them directly.",
            ],
            _ => MilestoneWording.OpenPage, ShowDue: false, DetailLabel: "The feedback",
            Next: _ => ["Please take it into account in the final system plan."]),

        MessageKind.Published => new(
            _ => "Published: agreed plan",
            m => $"{m.System} has published its plan",
            m => [$"{m.System} has published its agreed plan for the {m.Round}."],
            _ => "See where it is published", ShowDue: false, DetailLabel: "Where it is published"),

        MessageKind.NewLink => new(
            m => $"Your new link for {m.System}'s {m.LinkPurpose}",
            m => $"Your new link for {m.System}'s {m.LinkPurpose}",
            m => [
                $"Here is a new personal link for {m.System}'s {m.LinkPurpose}, in place of one that has expired or gone astray.{m.LinkExpiry}",
                "Use it instead of the link in any earlier e-mail.",
            ],
            m => m.LinkLabel, ShowDue: false, DetailLabel: "Why it was sent",
            Next: _ => ["If you did not expect this e-mail, you can ignore it: nothing is done until the link is used. If it keeps coming, tell the contacts below."]),

        MessageKind.PromptUndelivered => new(
            m => $"Not delivered: the programme office's e-mail about the {m.Thing}",
            m => $"{m.System} did not get an e-mail about the {m.Thing}",
            m => [
                $"An e-mail to the programme office for {m.System} about the {m.Thing} could not be delivered: it bounced or the mail service dropped it.",
                "They may not know what is due. Please let them know another way, and check that the directory has the right address for them.",
            ],
            _ => MilestoneWording.OpenPage, ShowDue: false, DetailLabel: "What the mail service said",
            Next: _ => ["Once the address is right, the national team can send the e-mail again."]),

        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No template for this kind of message."),
    };

    /// <summary>The director's copy of a draft's receipt, which asks for the region's feedback.</summary>
    private static bool IsFeedbackRequest(MailFacts m) =>
        m.Recipient.Role == Role.RegionalDirector && m.Command.Milestone == Milestone.Draft;
}
