using System.Collections.Immutable;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>Who each message goes to, by role: whoever must act is addressed, whoever should know is copied.</summary>
internal static class Recipients
{
    public static (ImmutableArray<Role> To, ImmutableArray<Role> Copy) For(MessageKind kind, Milestone? milestone)
    {
        var owner = milestone?.Owner() ?? Role.Pmo;
        ImmutableArray<Role> ownerUnlessDirector = owner == Role.RegionalDirector ? [] : [owner];
        return kind switch
        {
            MessageKind.Timetable or MessageKind.ChangesRequested or MessageKind.FootprintAcknowledged or MessageKind.RegionalFeedback
                => ([Role.Pmo], []),
            MessageKind.TimetableChanged or MessageKind.Resumed or MessageKind.SubmissionReceived or MessageKind.ExtensionGranted or MessageKind.PeerFeedbackReceived
                => ([Role.Pmo], [Role.RegionalDirector]),
            MessageKind.Reminder or MessageKind.DueToday => ([owner], []),
            MessageKind.Overdue => ([owner], owner == Role.RegionalDirector ? [] : [Role.RegionalDirector]),
            MessageKind.EscalationToRegion => ([Role.RegionalDirector], ownerUnlessDirector),
            MessageKind.EscalationToNational => ([Role.National], [Role.RegionalDirector, .. ownerUnlessDirector]),
            MessageKind.ApprovalRequest or MessageKind.PromptUndelivered => ([Role.RegionalDirector], []),
            MessageKind.Agreed => ([Role.Pmo], [Role.National]),
            MessageKind.FootprintNoticeReceived => ([Role.RegionalDirector], [Role.Pmo]),
            MessageKind.PeerReviewPairing => ([Role.Pmo, Role.PeerPmo], []),
            MessageKind.Published => ([Role.RegionalDirector, Role.National], []),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No recipients are defined for this message."),
        };
    }
}
