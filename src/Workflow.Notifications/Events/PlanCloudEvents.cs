using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Azure.Messaging;
using Workflow.Core.Integration;

namespace Workflow.Notifications.Events;

/// <summary>A plan event as a CloudEvent 1.0 in structured mode: the whole event, attributes and data, in one JSON body.</summary>
public static class PlanCloudEvents
{
    /// <summary>The media type of a structured-mode CloudEvent in JSON.</summary>
    public const string ContentType = "application/cloudevents+json";

    public static CloudEvent ToCloudEvent(PlanEvent planEvent)
    {
        ArgumentNullException.ThrowIfNull(planEvent);
        // Every type says which instance and where it stands first, then what is particular to it.
        var data = new JsonObject
        {
            ["round"] = planEvent.Instance.Round.Value,
            ["system"] = planEvent.Instance.System.Value,
            ["region"] = planEvent.Region.Value,
            ["stage"] = planEvent.Stage.ToString(),
        };
        // Serialized as its own type, the data carries no discriminator: the CloudEvent's type says which it is.
        var particular = JsonSerializer.SerializeToNode(planEvent.Data, CloudEventJson.Default.GetTypeInfo(planEvent.Data.GetType())!)!;
        foreach (var (name, value) in particular.AsObject())
        {
            data[name] = value?.DeepClone();
        }
        return new CloudEvent(planEvent.Source, planEvent.Type, BinaryData.FromString(data.ToJsonString()), "application/json", CloudEventDataFormat.Json)
        {
            Id = planEvent.Id,
            Time = planEvent.Time,
            Subject = planEvent.Subject,
        };
    }

    /// <remarks>The converter Azure.Core attaches to <see cref="CloudEvent"/> is its own, not one a source-generated context can name.</remarks>
    public static BinaryData ToJson(PlanEvent planEvent) => BinaryData.FromObjectAsJson(ToCloudEvent(planEvent));
}

/// <summary>Data fields as subscribers read them: camel case, and a field with no value written as null rather than left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PlanEventData))]
internal sealed partial class CloudEventJson : JsonSerializerContext;
