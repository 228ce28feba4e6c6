using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Orchestration;

namespace Workflow.Functions.Api;

/// <summary>A request turned into the event it asks for, or the reasons it cannot be, by field.</summary>
public sealed record EventRequest(Func<InstanceState, DateTimeOffset, InstanceEvent>? Build, IDictionary<string, string[]> Errors)
{
    public bool IsValid => Build is not null && Errors.Count == 0;
}

/// <summary>
/// The external events an instance takes over HTTP, by name, as both the round API
/// (<c>POST /api/rounds/{round}/systems/{system}/{name}</c>) and the management API's raiseEvent take them.
/// Checks here are about the request alone; whether the instance can take the event now is the state machine's call.
/// </summary>
public static class EventRequests
{
    /// <summary>The most a person may write in one field; what they write travels with every message about it.</summary>
    public const int MaxText = 4000;

    public static IReadOnlyList<string> Names { get; } =
        ["submission", "decision", "extension", "footprint-notice", "footprint-acknowledgement", "peer", "peer-feedback", "regional-feedback", "publication", "resend"];

    /// <summary>Parses <paramref name="body"/> as the event <paramref name="name"/>; null when no event has that name.</summary>
    public static EventRequest? Parse(string name, string body) => name switch
    {
        "submission" => Read(body, ApiJson.Default.SubmissionRequest, Submission),
        "decision" => Read(body, ApiJson.Default.DecisionRequest, Decision),
        "extension" => Read(body, ApiJson.Default.ExtensionRequest, Extension),
        "footprint-notice" => Read(body, ApiJson.Default.FootprintNoticeRequest, FootprintNotice),
        "footprint-acknowledgement" => Read(body, ApiJson.Default.AcknowledgementRequest, Acknowledgement),
        "peer" => Read(body, ApiJson.Default.PeerRequest, Peer),
        "peer-feedback" => Read(body, ApiJson.Default.PeerFeedbackRequest, PeerFeedback),
        "regional-feedback" => Read(body, ApiJson.Default.RegionalFeedbackRequest, RegionalFeedback),
        "publication" => Read(body, ApiJson.Default.PublicationRequest, Publication),
        "resend" => Read(body, ApiJson.Default.ResendRequest, Resend),
        _ => null,
    };

    private static EventRequest Read<T>(string body, JsonTypeInfo<T> type, Func<T, Errors, Func<InstanceState, DateTimeOffset, InstanceEvent>?> build)
        where T : class
    {
        var errors = new Errors();
        T? request = null;
        try
        {
            request = JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException ex)
        {
            errors.Add("body", $"not valid JSON of the expected shape: {ex.Message}");
        }
        if (request is null)
        {
            errors.Add("body", "a JSON object is required");
            return new EventRequest(null, errors.ToDictionary());
        }
        var built = build(request, errors);
        return new EventRequest(errors.Count == 0 ? built : null, errors.ToDictionary());
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? Submission(SubmissionRequest r, Errors e)
    {
        var by = e.Required("by", r.By);
        Milestone milestone = default;
        if (e.Required("milestone", r.Milestone) is { } name
            && !(Milestones.TryParse(name, out milestone) && milestone is Milestone.Draft or Milestone.Final or Milestone.Resubmission))
        {
            e.Add("milestone", "must be draft, final or resubmission");
        }
        if (r.Reference is not null && !WebAddress.TryParse(r.Reference, out _))
        {
            e.Add("reference", $"must be a web address (https://…) of at most {WebAddress.MaxLength:N0} characters, with no spaces or line breaks");
        }
        return (_, now) => new PlanSubmitted(now, milestone, by!, r.Reference);
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? Decision(DecisionRequest r, Errors e)
    {
        var by = e.Required("by", r.By);
        var outcome = r.Outcome switch
        {
            "agreed" => Outcome.Agreed,
            "changes-requested" => Outcome.ChangesRequested,
            null => e.Fail<Outcome>("outcome", "is required: agreed or changes-requested"),
            _ => e.Fail<Outcome>("outcome", "must be agreed or changes-requested"),
        };
        if (r.PlanVersion is not { } version || version < 1)
        {
            e.Add("planVersion", "is required: the plan version decided on (1 or more)");
        }
        var comment = e.Optional("comment", r.Comment);
        return (_, now) => new DecisionRecorded(now, outcome, r.PlanVersion ?? 0, by!, comment);
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? Extension(ExtensionRequest r, Errors e)
    {
        var reason = e.Required("reason", r.Reason);
        var grantedBy = e.Required("grantedBy", r.GrantedBy);
        Milestone milestone = default;
        if (e.Required("milestone", r.Milestone) is { } name && !Milestones.TryParse(name, out milestone))
        {
            e.Add("milestone", $"unknown milestone '{name}'");
        }
        DateTime newDue = default;
        if (e.Required("newDue", r.NewDue) is { } text
            && !DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out newDue))
        {
            e.Add("newDue", "must be a local date and time in the form yyyy-MM-ddTHH:mm (Europe/London)");
        }
        return InstanceActions.Extension(milestone, newDue, reason!, grantedBy!);
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? FootprintNotice(FootprintNoticeRequest r, Errors e)
    {
        var from = e.Required("from", r.From);
        var summary = e.Required("summary", r.Summary);
        var source = r.Source switch
        {
            "system" => NoticeSource.System,
            "local-authority" => NoticeSource.LocalAuthority,
            _ => e.Fail<NoticeSource>("source", "must be system or local-authority"),
        };
        return (_, now) => new FootprintNoticeGiven(now, source, from!, summary!);
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? Acknowledgement(AcknowledgementRequest r, Errors e)
    {
        var by = e.Required("by", r.By);
        if (r.Notice is not { } notice || notice < 1)
        {
            e.Add("notice", "is required: the number of the notice acknowledged (1 or more)");
        }
        return (_, now) => new FootprintAcknowledged(now, r.Notice ?? 0, by!);
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? Peer(PeerRequest r, Errors e)
    {
        var peer = e.Required("peer", r.Peer);
        return (_, now) => new PeerPaired(now, new SystemCode(peer!));
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? PeerFeedback(PeerFeedbackRequest r, Errors e)
    {
        var reviewer = e.Required("reviewer", r.Reviewer);
        var by = e.Required("by", r.By);
        var comment = e.Optional("comment", r.Comment);
        return (_, now) => new PeerFeedbackGiven(now, new SystemCode(reviewer!), by!, comment);
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? RegionalFeedback(RegionalFeedbackRequest r, Errors e)
    {
        var by = e.Required("by", r.By);
        var comment = e.Required("comment", r.Comment);
        return (_, now) => new RegionalFeedbackGiven(now, by!, comment!);
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? Publication(PublicationRequest r, Errors e)
    {
        var by = e.Required("by", r.By);
        Uri? url = null;
        if (e.Required("url", r.Url) is { } text && !WebAddress.TryParse(text, out url))
        {
            e.Add("url", "must be a web address (https://…)");
        }
        return (_, now) => new PlanPublished(now, url!, by!);
    }

    private static Func<InstanceState, DateTimeOffset, InstanceEvent>? Resend(ResendRequest r, Errors e)
    {
        var command = e.Required("commandId", r.CommandId);
        var by = e.Required("by", r.By);
        return InstanceActions.Resend(command!, by!);
    }

    /// <summary>Problems with a request, by field, in the shape of a validation problem.</summary>
    internal sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public int Count => _errors.Count;

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }
            list.Add(message);
        }

        public string? Required(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, "is required");
                return null;
            }
            if (value.Length > MaxText)
            {
                Add(field, "must be at most 4,000 characters");
                return null;
            }
            return value.Trim();
        }

        /// <summary>Free text that may be left out; bounded like the rest, since it is kept with every message about it.</summary>
        public string? Optional(string field, string? value) =>
            string.IsNullOrWhiteSpace(value) ? null : Required(field, value);

        public T Fail<T>(string field, string message)
            where T : struct
        {
            Add(field, message);
            return default;
        }

        public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}
