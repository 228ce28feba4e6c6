using System.Text.Json.Serialization;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>Something that happened to one instance. The instance's state is the fold of its events.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(InstanceStarted), "started")]
[JsonDerivedType(typeof(FootprintNoticeGiven), "footprint-notice")]
[JsonDerivedType(typeof(FootprintAcknowledged), "footprint-acknowledged")]
[JsonDerivedType(typeof(PlanSubmitted), "plan-submitted")]
[JsonDerivedType(typeof(RegionalFeedbackGiven), "regional-feedback")]
[JsonDerivedType(typeof(PeerPaired), "peer-paired")]
[JsonDerivedType(typeof(PeerFeedbackGiven), "peer-feedback")]
[JsonDerivedType(typeof(DecisionRecorded), "decision")]
[JsonDerivedType(typeof(PlanPublished), "published")]
[JsonDerivedType(typeof(DeadlineExtended), "extension")]
[JsonDerivedType(typeof(TimetableChanged), "timetable-changed")]
[JsonDerivedType(typeof(Suspended), "suspended")]
[JsonDerivedType(typeof(Resumed), "resumed")]
[JsonDerivedType(typeof(Withdrawn), "withdrawn")]
[JsonDerivedType(typeof(Restarted), "restarted")]
[JsonDerivedType(typeof(CommandIssued), "command-issued")]
[JsonDerivedType(typeof(DeliveryFailed), "delivery-failed")]
[JsonDerivedType(typeof(ResendRequested), "resend-requested")]
public abstract record InstanceEvent(DateTimeOffset At)
{
    /// <summary>For an event recorded from a page: who acted, through which link, from which address.</summary>
    public Audit? Via { get; init; }
}

/// <summary>The audit trail of an action taken through a signed link.</summary>
public sealed record Audit(string Person, string Link, string? Address);

/// <summary>An instance started, following <paramref name="RoundVersion"/> of its round: the version current when the round was started.</summary>
public sealed record InstanceStarted(DateTimeOffset At, RegionCode Region, int RoundVersion = 1) : InstanceEvent(At);

public enum NoticeSource
{
    System,
    LocalAuthority,
}

/// <summary>A footprint change notified to the regional director, by the system or by a local authority.</summary>
public sealed record FootprintNoticeGiven(DateTimeOffset At, NoticeSource Source, string From, string Summary) : InstanceEvent(At);

public sealed record FootprintAcknowledged(DateTimeOffset At, int Notice, string By) : InstanceEvent(At);

/// <summary>
/// A plan sent in for <see cref="Milestone.Draft"/>, <see cref="Milestone.Final"/> or <see cref="Milestone.Resubmission"/>.
/// <paramref name="Reference"/> says where the documents are (a blob or a link).
/// </summary>
public sealed record PlanSubmitted(DateTimeOffset At, Milestone Milestone, string By, string? Reference) : InstanceEvent(At);

public sealed record RegionalFeedbackGiven(DateTimeOffset At, string By, string Comment) : InstanceEvent(At);

public sealed record PeerPaired(DateTimeOffset At, SystemCode Peer) : InstanceEvent(At);

/// <summary>The peer reviewer's feedback is in; <paramref name="Comment"/> is the feedback itself when given through the service.</summary>
public sealed record PeerFeedbackGiven(DateTimeOffset At, SystemCode Reviewer, string By, string? Comment = null) : InstanceEvent(At);

public enum Outcome
{
    Agreed,
    ChangesRequested,
}

/// <summary>The regional director's decision on one version of the final plan.</summary>
public sealed record DecisionRecorded(DateTimeOffset At, Outcome Outcome, int PlanVersion, string By, string? Comment) : InstanceEvent(At);

public sealed record PlanPublished(DateTimeOffset At, Uri Url, string By) : InstanceEvent(At);

/// <summary>A later due date for this system alone, for the milestone's current cycle.</summary>
public sealed record DeadlineExtended(DateTimeOffset At, Milestone Milestone, DateTime NewDue, string Reason, string GrantedBy) : InstanceEvent(At)
{
    /// <summary>The occurrence's due date before the extension, filled in by <see cref="StateMachine.Prepare"/>, so the notice can say what moved.</summary>
    public IReadOnlyList<DueDate>? Before { get; init; }
}

/// <summary>The round's timetable changed for everyone; the instance now follows <paramref name="RoundVersion"/>.</summary>
public sealed record TimetableChanged(DateTimeOffset At, int RoundVersion) : InstanceEvent(At)
{
    /// <summary>The dates the instance worked to before the change (<see cref="Timetable.Upcoming"/>), filled in by <see cref="StateMachine.Prepare"/>.</summary>
    public IReadOnlyList<DueDate>? Before { get; init; }
}

public sealed record Suspended(DateTimeOffset At, string By, string Reason) : InstanceEvent(At);

public sealed record Resumed(DateTimeOffset At, string By) : InstanceEvent(At)
{
    /// <summary>The dates the instance worked to while suspended, filled in by <see cref="StateMachine.Prepare"/>, so the notice can say what moved.</summary>
    public IReadOnlyList<DueDate>? Before { get; init; }
}

public sealed record Withdrawn(DateTimeOffset At, string By, string Reason) : InstanceEvent(At);

/// <summary>
/// Starts the system's path through the round afresh, keeping its history. Commands carry the new
/// generation in their ids, so the fresh run's prompts are not mistaken for the old run's.
/// </summary>
public sealed record Restarted(DateTimeOffset At, string By, string Reason) : InstanceEvent(At);

/// <summary>A command that <see cref="StateMachine.Decide"/> issued and the host committed; it is never issued again.</summary>
public sealed record CommandIssued(DateTimeOffset At, Command Command) : InstanceEvent(At);

/// <summary>
/// An issued command's message could not be delivered, even after its retries, or the mail service later said that a
/// copy bounced or was dropped; the instance keeps it until it is resent.
/// </summary>
public sealed record DeliveryFailed(DateTimeOffset At, Command Command, string Reason) : InstanceEvent(At)
{
    /// <summary>Whose copy failed, when the mail service said so of one copy; null when the send itself failed.</summary>
    public Role? Recipient { get; init; }
}

/// <summary>Someone asked for an undelivered message to be sent again: it goes to those who have not had it.</summary>
public sealed record ResendRequested(DateTimeOffset At, string CommandId, string By) : InstanceEvent(At);
