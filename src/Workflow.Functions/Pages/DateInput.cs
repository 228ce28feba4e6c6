using System.Globalization;

namespace Workflow.Functions.Pages;

/// <summary>The NHS date input: three boxes named <c>{field}-day</c>, <c>-month</c> and <c>-year</c>, read as one date.</summary>
internal static class DateInput
{
    public static readonly string[] Parts = ["day", "month", "year"];

    /// <summary>
    /// The date the boxes hold, or null with a problem added that names the date in words (<paramref name="what"/>, as
    /// "Enter …" goes on) and links to its first box; <paramref name="example"/> is a real date typed as the boxes want it.
    /// </summary>
    public static DateOnly? Read(Func<string, string?> value, string field, string what, string example, List<FormProblem> errors)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(errors);
        var texts = Parts.Select(part => value($"{field}-{part}")).ToArray();
        if (texts.All(string.IsNullOrWhiteSpace))
        {
            errors.Add(new FormProblem($"{field}-day", $"Enter {what}"));
            return null;
        }
        var numbers = texts.Select(t => int.TryParse(t?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null).ToArray();
        if (numbers is not [{ } d, { } m, { } y] || y is < 2000 or > 2100 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            errors.Add(new FormProblem($"{field}-day", $"{char.ToUpperInvariant(what[0])}{what[1..]} must be a real date, like {example}"));
            return null;
        }
        return new DateOnly(y, m, d);
    }
}
