using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workflow.Core.Rounds;

/// <summary>New dates for one fixed milestone, as local times in the round's time zone; <see cref="Opens"/> only for one that opens.</summary>
public sealed record MilestoneDates(DateTime Due, DateTime? Opens = null);

/// <summary>
/// A round file with some fixed milestones moved, as the next version of the round: what a timetable change sends.
/// Everything else in the file is kept as it was written, so the change is read and checked exactly as a new file.
/// </summary>
public static partial class TimetableEdit
{
    public static string WithDates(string json, int version, IReadOnlyDictionary<Milestone, MilestoneDates> dates)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(dates);
        var node = JsonNode.Parse(json, documentOptions: JsonFiles.Options)!.AsObject();
        node["version"] = version;
        foreach (var milestone in node["milestones"]!.AsArray())
        {
            // Trimmed as the round parser trims it, so a milestone written " final" is still the one moved.
            if (Milestones.TryParse(milestone!["id"]!.GetValue<string>().Trim(), out var id) && dates.TryGetValue(id, out var moved))
            {
                milestone["due"] = Local(moved.Due);
                if (moved.Opens is { } opens)
                {
                    milestone["opens"] = Local(opens);
                }
            }
        }
        return node.ToJsonString();
    }

    /// <summary>
    /// The milestone and which of its dates (<c>due</c> or <c>opens</c>) a problem's path names in <paramref name="json"/>,
    /// or null for a path elsewhere in the file: what a form that moves dates points the problem at.
    /// </summary>
    public static (Milestone Milestone, string Date)? DateAt(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (path is null || MilestoneDate().Match(path) is not { Success: true } match
            || JsonNode.Parse(json, documentOptions: JsonFiles.Options)?["milestones"] is not JsonArray milestones
            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= milestones.Count
            || !Milestones.TryParse(milestones[index]?["id"]?.GetValue<string>().Trim(), out var milestone))
        {
            return null;
        }
        return (milestone, match.Groups[2].Value);
    }

    [GeneratedRegex(@"^\$\.milestones\[(\d+)\]\.(due|opens)$", RegexOptions.CultureInvariant)]
    private static partial Regex MilestoneDate();

    private static string Local(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
