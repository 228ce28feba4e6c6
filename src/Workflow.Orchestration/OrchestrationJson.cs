using System.Text.Json;
using System.Text.Json.Serialization;
using Workflow.Core.Integration;
using Workflow.Core.Json;
using Workflow.Orchestration.Activities;

namespace Workflow.Orchestration;

/// <summary>
/// How the orchestration's input, events and activity payloads are written. They cross Durable Task as JSON text of
/// this context alone, so the Functions host and the local host, whatever serializers they are set up with, store
/// and read the same bytes.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SystemCodeConverter), typeof(RegionCodeConverter), typeof(RoundIdConverter), typeof(InstanceIdConverter), typeof(MilestoneKeyConverter), typeof(MilestoneConverter)])]
[JsonSerializable(typeof(PlanningInput))]
[JsonSerializable(typeof(PlanningEvent))]
[JsonSerializable(typeof(RoundRequest))]
[JsonSerializable(typeof(RoundSnapshot))]
[JsonSerializable(typeof(SendMessageInput))]
[JsonSerializable(typeof(SendMessageResult))]
[JsonSerializable(typeof(ProjectionInput))]
[JsonSerializable(typeof(IterationWork))]
[JsonSerializable(typeof(IterationWorkDone))]
[JsonSerializable(typeof(PlanEvent))]
public sealed partial class OrchestrationJson : JsonSerializerContext
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);

    public static T Read<T>(string? json) => json is null
        ? throw new JsonException($"No {typeof(T).Name} was given.")
        : (T)(JsonSerializer.Deserialize(json, typeof(T), Default) ?? throw new JsonException($"No {typeof(T).Name} was given."));
}
