using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Functions.CustomHandler;

/// <summary>What the Functions host POSTs to <c>/{FunctionName}</c> for a timer or queue trigger.</summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata);

/// <summary>What the host expects back: outputs (none here; the handler writes to storage itself), logs and a return value.</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, JsonElement> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] JsonElement? ReturnValue)
{
    public static InvocationResponse WithLogs(params string[] logs) => new([], logs, null);
}

[JsonSerializable(typeof(InvocationRequest))]
[JsonSerializable(typeof(InvocationResponse))]
public sealed partial class InvocationJson : JsonSerializerContext;
