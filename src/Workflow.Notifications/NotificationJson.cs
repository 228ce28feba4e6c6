using System.Text.Json.Serialization;
using Workflow.Core.Integration;
using Workflow.Core.Json;

namespace Workflow.Notifications;

/// <summary>How an outbound message or integration event is kept in the outbox: resolved once, sent as is.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SystemCodeConverter), typeof(RegionCodeConverter), typeof(RoundIdConverter), typeof(InstanceIdConverter), typeof(MilestoneKeyConverter), typeof(MilestoneConverter)])]
[JsonSerializable(typeof(OutboundMessage))]
[JsonSerializable(typeof(PlanEvent))]
public sealed partial class NotificationJson : JsonSerializerContext;
