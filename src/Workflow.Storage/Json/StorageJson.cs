using System.Text.Json.Serialization;
using Workflow.Core.Instances;
using Workflow.Core.Json;

namespace Workflow.Storage.Json;

/// <summary>How instance state, events, commands and the directory's contacts are written into table rows and queue messages.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SystemCodeConverter), typeof(RegionCodeConverter), typeof(RoundIdConverter), typeof(InstanceIdConverter), typeof(MilestoneKeyConverter), typeof(MilestoneConverter)])]
[JsonSerializable(typeof(InstanceState))]
[JsonSerializable(typeof(InstanceEvent))]
[JsonSerializable(typeof(Command))]
[JsonSerializable(typeof(System.Collections.Immutable.ImmutableArray<MilestoneFacts>))]
[JsonSerializable(typeof(System.Collections.Immutable.ImmutableArray<Workflow.Core.Directory.Contact>))]
[JsonSerializable(typeof(System.Collections.Immutable.ImmutableArray<Workflow.Core.Directory.ContactDiff>))]
public sealed partial class StorageJson : JsonSerializerContext;
