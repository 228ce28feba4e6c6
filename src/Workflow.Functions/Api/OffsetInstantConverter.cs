using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflow.Functions.Api;

/// <summary>
/// An instant as ISO 8601 with its offset ("Z" or "+01:00") and nothing else: without one, the reader would take the
/// server's own time zone, so "2019-11-20T10:00" would mean a different instant on each machine that reads it.
/// </summary>
public sealed class OffsetInstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is null || !text.Contains('T', StringComparison.Ordinal) || !HasOffset(text))
        {
            throw new JsonException("An instant needs a date, a time and an offset, such as 2019-09-27T09:00:00+01:00.");
        }
        return reader.GetDateTimeOffset();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z')
        || text is [.., '+' or '-', >= '0' and <= '9', >= '0' and <= '9', ':', >= '0' and <= '9', >= '0' and <= '9'];
}
