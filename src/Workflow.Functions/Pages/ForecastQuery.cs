using System.Collections.Immutable;
using System.Globalization;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Directory;
using Workflow.Core.Simulation;
using Workflow.Functions.Api;

namespace Workflow.Functions.Pages;

/// <summary>
/// What a forecast is asked for, as its address says: what people are supposed to do, how many weeks ahead, and
/// optionally one region. The page and the API read the same query, and refuse what neither could have made.
/// </summary>
public sealed record ForecastQuery(Assumption Assumption, int Weeks, RegionCode? Region)
{
    public const int DefaultWeeks = 6;

    /// <summary>A round runs for months, not years: a horizon past a year is a mistake, not a forecast.</summary>
    public const int MaxWeeks = 52;

    public static ImmutableDictionary<string, Assumption> Assumptions { get; } = Enum.GetValues<Assumption>().ToImmutableDictionary(Views.Kebab, a => a);

    public TimeSpan Horizon => TimeSpan.FromDays(7 * Weeks);

    /// <summary>The query in <paramref name="query"/>, or what is wrong with it; each parameter may be given once.</summary>
    public static (ForecastQuery? Query, string? Error) Parse(IQueryCollection query, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(directory);
        var assumption = Assumption.NobodyActs;
        if (query.TryGetValue("assumption", out var assumed))
        {
            if (assumed.Count != 1 || !Assumptions.TryGetValue(assumed[0] ?? "", out assumption))
            {
                return (null, $"The assumption must be one of {string.Join(", ", Assumptions.Keys.Order(StringComparer.Ordinal))}.");
            }
        }
        var weeks = DefaultWeeks;
        if (query.TryGetValue("weeks", out var given))
        {
            if (given.Count != 1 || !int.TryParse(given[0], NumberStyles.None, CultureInfo.InvariantCulture, out weeks) || weeks is < 1 or > MaxWeeks)
            {
                return (null, $"The number of weeks must be a whole number from 1 to {MaxWeeks}.");
            }
        }
        RegionCode? region = null;
        // The form's "All regions" sends an empty value, which means no region rather than an unknown one.
        if (query.TryGetValue("region", out var regions) && regions.Any(r => !string.IsNullOrEmpty(r)))
        {
            if (regions.Count != 1 || directory.FindRegion(regions[0]!) is not { } found)
            {
                return (null, "There is no such region. Choose one from the list.");
            }
            region = found.Code;
        }
        return (new ForecastQuery(assumption, weeks, region), null);
    }

    /// <summary>The systems of the directory the viewer may see, in the region asked for if one was.</summary>
    public IReadOnlyList<SystemEntry> Systems(SystemDirectory directory, Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(viewer);
        return [.. directory.Systems.Where(s => viewer.May(Permission.See, s) && (Region is not { } region || s.Region == region))];
    }

    /// <summary>The query string that gives this query back, with a leading "?".</summary>
    public string ToQuery() =>
        $"?assumption={Views.Kebab(Assumption)}&weeks={Weeks.ToString(CultureInfo.InvariantCulture)}"
        + (Region is { } region ? $"&region={Uri.EscapeDataString(region.Value)}" : "");
}
