using System.Text.Json;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Storage.Instances;

namespace Workflow.Functions.Durable;

/// <summary>
/// The events other NHS systems may subscribe to, as CloudEvents 1.0 JSON. Each is an outbox item committed
/// with the event it reports, so it is published at least once; its id lets a subscriber drop repeats.
/// </summary>
internal static class IntegrationEvents
{
    private const string TypePrefix = "uk.nhs.england.planning-round.";

    public static OutboxItem? For(InstanceEvent evt, InstanceState after)
    {
        var (type, data) = evt switch
        {
            PlanSubmitted s => ("plan.submitted", new Dictionary<string, object?> { ["milestone"] = s.Milestone.Name(), ["planVersion"] = after.PlanVersion, ["reference"] = s.Reference }),
            DecisionRecorded { Outcome: Outcome.Agreed } d => ("plan.agreed", new Dictionary<string, object?> { ["planVersion"] = d.PlanVersion }),
            DecisionRecorded d => ("plan.changes-requested", new Dictionary<string, object?> { ["planVersion"] = d.PlanVersion }),
            PlanPublished p => ("plan.published", new Dictionary<string, object?> { ["url"] = p.Url.ToString() }),
            DeadlineExtended x => ("deadline.extended", new Dictionary<string, object?> { ["milestone"] = x.Milestone.Name(), ["newDue"] = x.NewDue.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture) }),
            FootprintNoticeGiven f => ("footprint.notified", new Dictionary<string, object?> { ["source"] = f.Source.ToString(), ["from"] = f.From }),
            Withdrawn => ("instance.withdrawn", new Dictionary<string, object?>()),
            CommandIssued { Command.Level: >= LadderLevel.Region } c => ("plan.escalated", new Dictionary<string, object?>
            {
                ["milestone"] = c.Command.Milestone?.Name(),
                ["level"] = c.Command.Level.ToString().ToLowerInvariant(),
                ["due"] = c.Command.Due,
            }),
            _ => (null, null),
        };
        if (type is null || data is null)
        {
            return null;
        }
        var id = $"{after.Id}/event/{after.Version}";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", id);
            json.WriteString("type", TypePrefix + type);
            json.WriteString("source", $"/rounds/{after.Id.Round}/systems/{after.Id.System}");
            json.WriteString("subject", after.Id.System.Value);
            json.WriteString("time", evt.At);
            json.WriteString("datacontenttype", "application/json");
            json.WriteStartObject("data");
            json.WriteString("round", after.Id.Round.Value);
            json.WriteString("system", after.Id.System.Value);
            json.WriteString("region", after.Region.Value);
            json.WriteString("stage", after.Stage.ToString());
            foreach (var (key, value) in data)
            {
                json.WritePropertyName(key);
                switch (value)
                {
                    case null: json.WriteNullValue(); break;
                    case int number: json.WriteNumberValue(number); break;
                    case DateTimeOffset time: json.WriteStringValue(time); break;
                    default: json.WriteStringValue(value.ToString()); break;
                }
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return new OutboxItem(id, OutboxKind.IntegrationEvent, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
