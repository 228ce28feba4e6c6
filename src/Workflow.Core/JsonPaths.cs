using System.Text.Json;

namespace Workflow.Core;

internal static class JsonPaths
{
    /// <summary>Where a syntax error is, in words a person can find in an editor.</summary>
    public static string FromException(JsonException ex) =>
        ex.LineNumber is { } line ? $"line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : ex.Path ?? "$";
}
