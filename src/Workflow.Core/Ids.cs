using System.Text.RegularExpressions;

namespace Workflow.Core;

/// <summary>A planning round, such as <c>2019-20</c>.</summary>
public readonly record struct RoundId(string Value)
{
    /// <summary>1 to 32 letters, digits or hyphens, starting with a letter or digit: safe in a table key and a URL.</summary>
    public static bool IsWellFormed(string? text) => text is not null && IdPatterns.Round().IsMatch(text);

    public override string ToString() => Value;
}

/// <summary>An STP or ICS, by its ONS code (E54000xxx).</summary>
public readonly record struct SystemCode(string Value)
{
    public static bool IsWellFormed(string? text) => text is not null && IdPatterns.System().IsMatch(text);

    public override string ToString() => Value;
}

/// <summary>An NHS England and NHS Improvement region, by its ONS code (E40000xxx).</summary>
public readonly record struct RegionCode(string Value)
{
    public static bool IsWellFormed(string? text) => text is not null && IdPatterns.Region().IsMatch(text);

    public override string ToString() => Value;
}

internal static partial class IdPatterns
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")]
    public static partial Regex Round();

    [GeneratedRegex("^E54[0-9]{6}$")]
    public static partial Regex System();

    [GeneratedRegex("^E40[0-9]{6}$")]
    public static partial Regex Region();
}

/// <summary>One durable instance: one system's path through one round.</summary>
public readonly record struct InstanceId(RoundId Round, SystemCode System)
{
    public override string ToString() => $"{Round}|{System}";

    public static bool TryParse(string? text, out InstanceId id)
    {
        id = default;
        var bar = text?.IndexOf('|') ?? -1;
        if (bar <= 0 || bar == text!.Length - 1 || text.IndexOf('|', bar + 1) >= 0)
        {
            return false;
        }
        id = new InstanceId(new RoundId(text[..bar]), new SystemCode(text[(bar + 1)..]));
        return true;
    }
}
