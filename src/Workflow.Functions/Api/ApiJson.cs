using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Functions.Api;

public sealed record SubmissionRequest(string? Milestone, string? By, string? Reference);

public sealed record DecisionRequest(string? Outcome, int? PlanVersion, string? By, string? Comment);

public sealed record ExtensionRequest(string? Milestone, string? NewDue, string? Reason, string? GrantedBy);

public sealed record FootprintNoticeRequest(string? Source, string? From, string? Summary);

public sealed record AcknowledgementRequest(int? Notice, string? By);

public sealed record PeerRequest(string? Peer);

public sealed record PeerFeedbackRequest(string? Reviewer, string? By, string? Comment = null);

public sealed record RegionalFeedbackRequest(string? By, string? Comment);

public sealed record PublicationRequest(string? Url, string? By);

public sealed record ControlRequest(string? Reason, string? By);

public sealed record ClockRequest(DateTimeOffset? AdvanceTo);

public sealed record ClockView(DateTimeOffset Now, bool Virtual);

public sealed record RoundView(string Id, int Version, string Title, DateTimeOffset Opens, IReadOnlyList<MilestoneView> Milestones);

public sealed record MilestoneView(string Id, string Title, DateTimeOffset? Due, int? DueWorkingDaysAfter, bool Optional);

public sealed record StartView(string Round, int Started, int AlreadyRunning);

/// <summary>An event of the instance's history; a message it issued also says what became of the message.</summary>
public sealed record EventView(int Sequence, string Type, DateTimeOffset At, JsonElement Event, DeliveryView? Delivery = null);

/// <summary>Whether a message went out, to whom, when and after how many tries, or why it could not.</summary>
public sealed record DeliveryView(string Status, IReadOnlyList<string> To, int Attempts, DateTimeOffset? SentAt, string? Error);

public sealed record InstanceView(
    string Id,
    string Round,
    string System,
    string Name,
    string Region,
    string Stage,
    bool Suspended,
    bool Withdrawn,
    int PlanVersion,
    int Version,
    int RoundVersion,
    string? Peer,
    string? NextMilestone,
    DateTimeOffset? NextDue,
    bool Overdue,
    string Escalation,
    IReadOnlyDictionary<string, DateTimeOffset> Completed,
    IReadOnlyList<EventView>? History);

public sealed record StatusView(
    string Round,
    string System,
    string Name,
    string Region,
    string Stage,
    bool Suspended,
    int PlanVersion,
    string? NextMilestone,
    DateTimeOffset? NextDue,
    bool Overdue,
    string Escalation,
    string? EscalatedMilestone,
    int Version,
    DateTimeOffset UpdatedAt);

public sealed record StatusPage(IReadOnlyList<StatusView> Items, string? ContinuationToken);

public sealed record PoisonView(int Count, IReadOnlyList<PoisonedView> Messages);

/// <summary>A message on the poison queue: why it is there, and what has become of its outbox row since (status, tries).</summary>
public sealed record PoisonedView(string? Instance, string? Id, string Reason, DateTimeOffset? PoisonedAt, string? Status, int? Attempts, string Text);

// A body naming a property twice is refused, not read as whichever copy the deserializer keeps: a check that read the
// other copy would pass what the instance then records.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(SubmissionRequest))]
[JsonSerializable(typeof(DecisionRequest))]
[JsonSerializable(typeof(ExtensionRequest))]
[JsonSerializable(typeof(FootprintNoticeRequest))]
[JsonSerializable(typeof(AcknowledgementRequest))]
[JsonSerializable(typeof(PeerRequest))]
[JsonSerializable(typeof(PeerFeedbackRequest))]
[JsonSerializable(typeof(RegionalFeedbackRequest))]
[JsonSerializable(typeof(PublicationRequest))]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ClockRequest))]
[JsonSerializable(typeof(ClockView))]
[JsonSerializable(typeof(RoundView))]
[JsonSerializable(typeof(IReadOnlyList<RoundView>))]
[JsonSerializable(typeof(StartView))]
[JsonSerializable(typeof(InstanceView))]
[JsonSerializable(typeof(StatusPage))]
[JsonSerializable(typeof(PoisonView))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
public sealed partial class ApiJson : JsonSerializerContext;
