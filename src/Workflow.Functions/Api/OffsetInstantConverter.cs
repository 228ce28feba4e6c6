using System.Text.Json;
using System.Text.Json.Serialization;
using Workflow.Core.Calendar;

namespace Workflow.Functions.Api;

/// <summary>
/// An instant as ISO 8601 with its offset ("Z" or "+01:00") and nothing else: without one, the reader would take the
/// server's own time zone, so "2019-11-20T10:00" would mean a different instant on each machine that reads it. Every
/// instant the API writes is in London time with its offset, as round files and reports write them: what the status
/// table stores in UTC and what the journal keeps as it was recorded read the same.
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
        writer.WriteStringValue(InLondon(value));
    }

    /// <summary>The same instant in London time. The first and last instants a DateTimeOffset can hold have none, and stay as they are.</summary>
    public static DateTimeOffset InLondon(DateTimeOffset value) =>
        value.Year is > 1 and < 9999 ? TimeZoneInfo.ConvertTime(value, WorkingCalendar.London) : value;

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z')
        || text is [.., '+' or '-', >= '0' and <= '9', >= '0' and <= '9', ':', >= '0' and <= '9', >= '0' and <= '9'];
}
