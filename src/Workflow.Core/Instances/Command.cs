using System.Collections.Immutable;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

public enum MessageKind
{
    Timetable,
    TimetableChanged,
    Reminder,
    DueToday,
    Overdue,
    EscalationToRegion,
    EscalationToNational,
    SubmissionReceived,
    ApprovalRequest,
    Agreed,
    ChangesRequested,
    ExtensionGranted,
    FootprintNoticeReceived,
    FootprintAcknowledged,
    RegionalFeedback,
    PeerReviewPairing,
    PeerFeedbackReceived,
    Published,

    /// <summary>
    /// A fresh link for one person, asked for from an expired link's page or sent by the regional or national team.
    /// The service sends it when asked, never the state machine, so no instance's decisions issue it.
    /// </summary>
    NewLink,

    /// <summary>A suspended instance resumed: the PMO hears that planning goes on, and which of their dates moved.</summary>
    Resumed,

    /// <summary>A prompt to the PMO bounced or was dropped: the regional director hears that the system was not told.</summary>
    PromptUndelivered,
}

/// <summary>
/// A message the host must send. <see cref="Id"/> is deterministic (instance, milestone and cycle, rule,
/// due date), so issuing the same decision twice is recognised and sent once. <see cref="Detail"/> carries
/// what people said when a message answers them: a director's comment, a notice, a reason.
/// </summary>
public sealed record Command(
    string Id,
    DateTimeOffset At,
    MessageKind Kind,
    Milestone? Milestone,
    int Cycle,
    DateTimeOffset? Due,
    ImmutableArray<Role> To,
    ImmutableArray<Role> Copy,
    int PlanVersion,
    string? Detail = null)
{
    public MilestoneKey? Key => Milestone is { } milestone ? new MilestoneKey(milestone, Cycle) : null;

    public LadderLevel Level => Kind.Level();

    /// <summary>For an extension or a change of timetable, the system's dates it moved, in due order.</summary>
    public IReadOnlyList<DateMove>? Moves { get; init; }
}

public static class MessageKinds
{
    /// <summary>The ladder step a message of this kind is, or <see cref="LadderLevel.None"/> for the rest.</summary>
    public static LadderLevel Level(this MessageKind kind) => kind switch
    {
        MessageKind.Overdue => LadderLevel.Overdue,
        MessageKind.EscalationToRegion => LadderLevel.Region,
        MessageKind.EscalationToNational => LadderLevel.National,
        _ => LadderLevel.None,
    };

    /// <summary>
    /// Whether a message of this kind prompts the PMO to act or tells them of a decision they must act on, so that its
    /// failing to reach them leaves the system not knowing what is due.
    /// </summary>
    public static bool IsPmoPrompt(this MessageKind kind) => kind is MessageKind.Timetable or MessageKind.Reminder or MessageKind.DueToday
        or MessageKind.Overdue or MessageKind.ChangesRequested or MessageKind.Agreed or MessageKind.PeerReviewPairing;
}
