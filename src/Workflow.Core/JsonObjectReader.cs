using System.Globalization;
using System.Text.Json;

namespace Workflow.Core;

/// <summary>
/// Reads one JSON object property by property, noting every problem with its JSON path instead of
/// stopping at the first, and flags properties nobody asked for (usually typos).
/// </summary>
internal sealed class JsonObjectReader
{
    private const string LocalDateTimeFormat = "yyyy-MM-dd'T'HH:mm";
    private readonly JsonElement _element;
    private readonly List<Problem> _problems;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    private JsonObjectReader(JsonElement element, string path, List<Problem> problems)
    {
        _element = element;
        Path = path;
        _problems = problems;
    }

    public string Path { get; }

    /// <summary>A reader for <paramref name="element"/>, or null (with a problem noted) when it is not an object.</summary>
    public static JsonObjectReader? For(JsonElement element, string path, List<Problem> problems)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return new JsonObjectReader(element, path, problems);
        }
        problems.Add(new Problem(path, "must be a JSON object"));
        return null;
    }

    public string At(string name) => $"{Path}.{name}";

    public void Fail(string name, string message) => _problems.Add(new Problem(At(name), message));

    public bool Has(string name)
    {
        _known.Add(name);
        return _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
    }

    public string? String(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Fail(name, "must be a non-empty string");
            return null;
        }
        return value.GetString()!.Trim();
    }

    public int? Int(string name, bool required = true, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Fail(name, "must be a whole number");
            return null;
        }
        if (number < min || number > max)
        {
            Fail(name, max == int.MaxValue ? $"must be at least {min}, not {number}" : $"must be from {min} to {max}, not {number}");
            return null;
        }
        return number;
    }

    public bool? Bool(string name, bool required = false)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fail(name, "must be true or false");
            return null;
        }
        return value.GetBoolean();
    }

    public DateTime? LocalDateTime(string name, bool required = true)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }
        if (DateTime.TryParseExact(text, LocalDateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return local;
        }
        Fail(name, $"'{text}' is not a local date and time in the form yyyy-MM-ddTHH:mm");
        return null;
    }

    public DateOnly? LocalDate(string name, bool required = true)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        Fail(name, $"'{text}' is not a date in the form yyyy-MM-dd");
        return null;
    }

    public TimeOnly? Time(string name, bool required = true)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }
        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        Fail(name, $"'{text}' is not a time of day in the form HH:mm");
        return null;
    }

    /// <summary>The array's items with their paths; empty (with a problem noted) when missing or not an array.</summary>
    public IEnumerable<(JsonElement Item, string Path)> Array(string name, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(name, "must be an array");
            return [];
        }
        return value.EnumerateArray().Select((item, index) => (item, $"{At(name)}[{index}]")).ToList();
    }

    /// <summary>A reader for the object in property <paramref name="name"/>; null when it is missing (noted if required) or not an object (noted).</summary>
    public JsonObjectReader? Object(string name, bool required = true) =>
        TryGet(name, required, out var value) ? For(value, At(name), _problems) : null;

    /// <summary>Every property of an object keyed by name (system codes, say), with its path; all count as asked for.</summary>
    public IEnumerable<(string Name, JsonElement Value, string Path)> Properties()
    {
        foreach (var property in _element.EnumerateObject())
        {
            _known.Add(property.Name);
            yield return (property.Name, property.Value, At(property.Name));
        }
    }

    /// <summary>Notes every property that no call above asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
            {
                Fail(property.Name, "unknown property");
            }
        }
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        _known.Add(name);
        if (_element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }
        if (required)
        {
            Fail(name, "missing");
        }
        return false;
    }
}
