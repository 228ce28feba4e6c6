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

public sealed record ResendRequest(string? CommandId, string? By);

/// <summary>A person to mail a fresh link to, by their directory address, who is sending it and why.</summary>
public sealed record LinkReissueRequest(string? Person, string? By, string? Reason);

/// <summary>The link mailed: what it is for, until when, and the request's id (its mail's reference).</summary>
public sealed record LinkReissueView(string Person, string Action, int Version, DateTimeOffset Expires, string RequestId, bool SentBefore);

/// <summary>One request for a new link, from an expired link's page ("renewal") or the API ("reissue"), and what became of it.</summary>
public sealed record LinkRequestView(
    DateTimeOffset At, string Kind, string Person, string Outcome, string? ClientAddress, string? By, string? Reason, string? Action, int? Version, string? RequestId);

public sealed record LinkRequestPage(int Count, IReadOnlyList<LinkRequestView> Requests);

public sealed record ClockRequest(DateTimeOffset? AdvanceTo);

public sealed record RoundResumeRequest(string? By, JsonElement? Timetable);

public sealed record ClockView(DateTimeOffset Now, bool Virtual);

public sealed record RoundView(string Id, int Version, string Title, DateTimeOffset Opens, IReadOnlyList<MilestoneView> Milestones)
{
    /// <summary>The round's latest round-wide suspension, open or ended; absent when it has never been suspended.</summary>
    public SuspensionView? Suspension { get; init; }
}

/// <summary>Who suspended every system of the round, why and since when, and who resumed it and when, once resumed.</summary>
public sealed record SuspensionView(bool Suspended, DateTimeOffset Since, string By, string Reason, DateTimeOffset? ResumedAt, string? ResumedBy);

public sealed record MilestoneView(string Id, string Title, DateTimeOffset? Due, int? DueWorkingDaysAfter, bool Optional, HoldView? Hold = null);

/// <summary>A relative milestone held round-wide: due no earlier than ("not-before") or exactly on ("fixed") the date.</summary>
public sealed record HoldView(string Kind, DateOnly Date, string? Reason);

public sealed record StartView(string Round, int Started, int AlreadyRunning);

/// <summary>What a change would do, system by system, before it is confirmed: nothing is stored or sent to preview it.</summary>
public sealed record PreviewView(string Round, int Version, int Systems, IReadOnlyList<SystemPreviewView> Items);

/// <summary>One system's dates that would move, and every message it would then send if nobody acted; or why the change would not reach it.</summary>
public sealed record SystemPreviewView(string System, string Name, string? Refusal, IReadOnlyList<MoveView> Moves, IReadOnlyList<SendView> Sends);

/// <summary>
/// What the coming weeks would bring if people acted as <paramref name="Assumption"/> says, from <paramref name="From"/>
/// to <paramref name="Until"/> (the horizon asked for, or the round's end if that comes first). Nothing is stored or sent.
/// </summary>
public sealed record ForecastApiView(
    string Round, int Version, string Assumption, int Weeks, DateTimeOffset From, DateTimeOffset Until, NationalPlanForecastView NationalPlan, IReadOnlyList<SystemForecastView> Systems);

/// <summary>One system's messages in the forecast, its stage at the end, and when it would be agreed, published or withdrawn, if it would.</summary>
public sealed record SystemForecastView(string Code, string Name, string Region, string Stage, IReadOnlyList<SendView> Sends, DateTimeOffset? SettledAt);

/// <summary>When the last system would be agreed or withdrawn (absent if some would not be by the end), and how many would still be outstanding then.</summary>
public sealed record NationalPlanForecastView(DateTimeOffset? Due, DateTimeOffset? ReadyAt, int Outstanding, bool ReadyByDue);

public sealed record MoveView(string Milestone, string Title, DateTimeOffset From, DateTimeOffset To);

public sealed record SendView(string Id, string Kind, string? Milestone, DateTimeOffset At, DateTimeOffset? Due);

/// <summary>
/// An event of the instance's journal: applied (its version is the instance's after it) or refused, with why. A message
/// the instance issued also says what became of it.
/// </summary>
public sealed record EventView(int Version, string Type, DateTimeOffset At, JsonElement Event, string? Id = null, string? Refusal = null, DeliveryView? Delivery = null);

/// <summary>Whether a message went out ("sent", "failed" or "pending"), to whom and when, or why it could not.</summary>
public sealed record DeliveryView(string Status, IReadOnlyList<RecipientView> SentTo, string? Error);

/// <summary>
/// One person's copy: when it was sent, and what the mail service last said of it ("delivered", "deferred", "bounced" or
/// "dropped", with its reason), absent until it has said anything.
/// </summary>
public sealed record RecipientView(string Email, DateTimeOffset SentAt, string? Status = null, string? Reason = null);

/// <summary>What one post of the mail service's delivery events did: events read, copies whose record changed, and events for no message of this service.</summary>
public sealed record MailEventsView(int Events, int Recorded, int Skipped);

/// <summary>The Durable Task runtime's view of the instance: running, suspended, terminated and so on, and when it last changed.</summary>
public sealed record RuntimeView(string Status, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt);

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
    IReadOnlyList<UndeliveredView> Undelivered,
    RuntimeView? Runtime,
    IReadOnlyList<EventView>? History);

/// <summary>A message that failed past its retries, until a resend sends it.</summary>
public sealed record UndeliveredView(string CommandId, string Kind, string? Milestone, DateTimeOffset FailedAt, string Reason);

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

/// <summary>Every message of a round that failed past its retries, for the national team to follow up or resend.</summary>
public sealed record UndeliveredPage(int Count, IReadOnlyList<UndeliveredInstanceView> Messages);

public sealed record UndeliveredInstanceView(string Instance, string System, UndeliveredView Message);

// A body naming a property twice is refused, not read as whichever copy the deserializer keeps: a check that read the
// other copy would pass what the instance then records. A property the API does not have is refused too: a misspelt
// field must not be dropped in silence.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, Converters = [typeof(OffsetInstantConverter)])]
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
[JsonSerializable(typeof(RoundResumeRequest))]
[JsonSerializable(typeof(ResendRequest))]
[JsonSerializable(typeof(LinkReissueRequest))]
[JsonSerializable(typeof(LinkReissueView))]
[JsonSerializable(typeof(LinkRequestPage))]
[JsonSerializable(typeof(ClockRequest))]
[JsonSerializable(typeof(ClockView))]
[JsonSerializable(typeof(RoundView))]
[JsonSerializable(typeof(IReadOnlyList<RoundView>))]
[JsonSerializable(typeof(StartView))]
[JsonSerializable(typeof(PreviewView))]
[JsonSerializable(typeof(ForecastApiView))]
[JsonSerializable(typeof(InstanceView))]
[JsonSerializable(typeof(StatusPage))]
[JsonSerializable(typeof(UndeliveredPage))]
[JsonSerializable(typeof(MailEventsView))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
public sealed partial class ApiJson : JsonSerializerContext;
