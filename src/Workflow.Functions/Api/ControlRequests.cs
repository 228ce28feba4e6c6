using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Workflow.Functions.Api;

/// <summary>
/// The bodies of the operations that act on instances rather than record what people did (suspend, resume, terminate,
/// restart, purge, and their round-wide forms): who acts and why, read strictly and bounded as every event's text is.
/// </summary>
public static class ControlRequests
{
    public static ((string By, string Reason)? Request, IResult? Error) Read(string body, bool reasonRequired)
    {
        var (control, error) = Deserialize(body, ApiJson.Default.ControlRequest, "{\"reason\": \"…\", \"by\": \"…\"}");
        if (error is not null)
        {
            return (null, error);
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Check(errors, "by", control?.By, "is required: who is doing this", required: true);
        Check(errors, "reason", control?.Reason, "is required", reasonRequired);
        return errors.Count > 0 ? (null, Http.Invalid(errors)) : ((control!.By!.Trim(), control.Reason?.Trim() ?? ""), null);
    }

    /// <summary>A round's resumption: who resumes it, and the change of timetable it resumes on, if any, as its own JSON.</summary>
    public static ((string By, string? Timetable)? Request, IResult? Error) ReadResumption(string body)
    {
        var (resume, error) = Deserialize(body, ApiJson.Default.RoundResumeRequest, "{\"by\": \"…\"} or {\"by\": \"…\", \"timetable\": {…}}");
        if (error is not null)
        {
            return (null, error);
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Check(errors, "by", resume?.By, "is required: who is doing this", required: true);
        if (resume?.Timetable is { ValueKind: not JsonValueKind.Object })
        {
            errors["timetable"] = ["must be a timetable change: an object like the body of PUT /api/rounds/{round}/timetable"];
        }
        return errors.Count > 0 ? (null, Http.Invalid(errors)) : ((resume!.By!.Trim(), resume.Timetable?.GetRawText()), null);
    }

    /// <summary>The body read strictly as <typeparamref name="T"/>; null for an empty body or JSON null; a 400 naming <paramref name="example"/> when it does not read.</summary>
    internal static (T? Value, IResult? Error) Deserialize<T>(string body, JsonTypeInfo<T> type, string example)
        where T : class
    {
        try
        {
            return (string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize(body, type), null);
        }
        catch (JsonException)
        {
            return (null, Http.BadRequest($"The body must be a JSON object such as {example}."));
        }
    }

    /// <summary>A text field of who acts or why: <paramref name="missing"/> when required and blank; bounded as every event's text is, since it is kept with what is said about the instance.</summary>
    internal static void Check(Dictionary<string, string[]> errors, string field, string? value, string missing, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [missing];
        }
        else if (value?.Length > EventRequests.MaxText)
        {
            errors[field] = ["must be at most 4,000 characters"];
        }
    }
}
