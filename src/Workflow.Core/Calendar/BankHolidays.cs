using System.Globalization;
using System.Text.Json;

namespace Workflow.Core.Calendar;

/// <summary>
/// Reads bank holidays for England and Wales, either as this project's CSV (<c>date,title,notes</c>)
/// or in the shape of GOV.UK's <c>bank-holidays.json</c>, and builds a <see cref="WorkingCalendar"/>
/// that covers the whole years the data lists.
/// </summary>
public static class BankHolidays
{
    private const string Division = "england-and-wales";

    public static Loaded<WorkingCalendar> Parse(string text, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<Problem>();
        text = text.TrimStart('\uFEFF');
        var dates = text.TrimStart().StartsWith('{') ? ParseJson(text, problems) : ParseCsv(text, problems);
        if (problems.Count == 0 && dates.Count == 0)
        {
            problems.Add(new Problem("$", "no bank holidays are listed"));
        }
        if (problems.Count > 0)
        {
            return Loaded.Failure<WorkingCalendar>(problems);
        }
        var calendar = new WorkingCalendar(dates, timeZone, dates.Min().Year, dates.Max().Year);
        return Loaded.Success<WorkingCalendar>(calendar, []);
    }

    private static List<DateOnly> ParseCsv(string text, List<Problem> problems)
    {
        var dates = new List<DateOnly>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || (i == 0 && line.StartsWith("date", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var field = line.Split(',', 2)[0];
            if (DateOnly.TryParseExact(field, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dates.Add(date);
            }
            else
            {
                problems.Add(new Problem($"line {i + 1}", $"'{field}' is not a date in the form yyyy-MM-dd"));
            }
        }
        return dates;
    }

    private static List<DateOnly> ParseJson(string text, List<Problem> problems)
    {
        var dates = new List<DateOnly>();
        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty(Division, out var division) || division.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new Problem($"$.{Division}", "missing: the file holds no England and Wales division"));
                return dates;
            }
            if (!division.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new Problem($"$.{Division}.events", "missing or not an array"));
                return dates;
            }
            var index = 0;
            foreach (var holiday in events.EnumerateArray())
            {
                var path = $"$.{Division}.events[{index++}].date";
                if (holiday.ValueKind == JsonValueKind.Object
                    && holiday.TryGetProperty("date", out var value)
                    && value.ValueKind == JsonValueKind.String
                    && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    dates.Add(date);
                }
                else
                {
                    problems.Add(new Problem(path, "missing or not a date in the form yyyy-MM-dd"));
                }
            }
        }
        catch (JsonException ex)
        {
            problems.Add(new Problem(JsonPaths.FromException(ex), ex.Message));
        }
        return dates;
    }
}
