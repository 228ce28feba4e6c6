using System.Collections.Immutable;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Functions.Api;

namespace Workflow.Functions.Pages;

/// <summary>A count at the top of the dashboard, and the filter it applies when clicked.</summary>
public enum Only
{
    Overdue,
    Escalated,
    Extended,
    Suspended,
    FailedMail,
}

/// <summary>
/// What the dashboard shows, as its address says: a region, a stage and any of <see cref="Only"/>. Kept in the query
/// string so a view can be shared, bookmarked and reloaded; an address the dashboard could not have made is refused.
/// The address's other parts, the page (<see cref="MatrixPage"/>) and the download format, are where one is in the view
/// and how it is sent, not what it chooses, so they are read beside the filter and ignored here.
/// </summary>
public sealed record DashboardFilter(RegionCode? Region, Stage? Stage, ImmutableSortedSet<Only> Only)
{
    public static DashboardFilter None { get; } = new(null, null, []);

    private static readonly ImmutableDictionary<string, Stage> Stages = Enum.GetValues<Stage>().ToImmutableDictionary(Views.Kebab, s => s);

    private static readonly ImmutableDictionary<string, Only> Onlys = Enum.GetValues<Only>().ToImmutableDictionary(Views.Kebab, o => o);

    public bool IsEmpty => Region is null && Stage is null && Only.IsEmpty;

    /// <summary>The filter in <paramref name="query"/>, or what is wrong with it.</summary>
    public static (DashboardFilter? Filter, string? Error) Parse(IQueryCollection query, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(directory);
        RegionCode? region = null;
        if (Chosen(query, "region") is { Length: > 0 } regions)
        {
            if (regions.Length > 1 || !directory.Regions.Any(r => r.Code.Value == regions[0]))
            {
                return (null, "There is no such region. Choose one from the list.");
            }
            region = new RegionCode(regions[0]);
        }
        Stage? stage = null;
        if (Chosen(query, "stage") is { Length: > 0 } stages)
        {
            if (stages.Length > 1 || !Stages.TryGetValue(stages[0], out var found))
            {
                return (null, "There is no such stage. Choose one from the list.");
            }
            stage = found;
        }
        var only = ImmutableSortedSet.CreateBuilder<Only>();
        foreach (var value in query["only"])
        {
            if (!Onlys.TryGetValue(value ?? "", out var flag))
            {
                return (null, "That is not one of the dashboard's filters.");
            }
            only.Add(flag);
        }
        return (new DashboardFilter(region, stage, only.ToImmutable()), null);
    }

    /// <summary>
    /// The values given for <paramref name="key"/>, less empty ones: the form's "All regions" and "All stages" send an
    /// empty value, which means no filter rather than an unknown one.
    /// </summary>
    private static string[] Chosen(IQueryCollection query, string key) => [.. query[key].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];

    /// <summary>
    /// The query string that gives this filter back, with a leading "?" (empty for none), followed by <paramref name="more"/>:
    /// parts of an address that are not the filter, such as the format or the page.
    /// </summary>
    public string ToQuery(params string[] more)
    {
        var parts = new List<string>();
        if (Region is { } region)
        {
            parts.Add($"region={Uri.EscapeDataString(region.Value)}");
        }
        if (Stage is { } stage)
        {
            parts.Add($"stage={Views.Kebab(stage)}");
        }
        parts.AddRange(Only.Select(o => $"only={Views.Kebab(o)}"));
        parts.AddRange(more);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    public static string Name(Only only) => only switch
    {
        Pages.Only.Overdue => "Overdue",
        Pages.Only.Escalated => "Escalated",
        Pages.Only.Extended => "Extended",
        Pages.Only.Suspended => "Suspended",
        _ => "Failed mail",
    };

    /// <summary>True when the row has what <paramref name="only"/> asks for at <paramref name="now"/>.</summary>
    public static bool Has(InstanceStatus status, Only only, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        return only switch
        {
            Pages.Only.Overdue => status.CellsAt(now).Any(c => c.Tag is CellTag.Overdue or CellTag.Escalated),
            Pages.Only.Escalated => status.CellsAt(now).Any(c => c.Tag == CellTag.Escalated),
            Pages.Only.Extended => status.Milestones.Any(m => m.Extended && m.DoneAt is null),
            Pages.Only.Suspended => status.Suspended,
            _ => status.Undelivered > 0,
        };
    }

    /// <summary>Rows in the region and stage chosen, before the counts' own filters.</summary>
    public bool InScope(InstanceStatus status) =>
        (Region is not { } region || status.Region == region) && (Stage is not { } stage || status.Stage == stage);

    public bool Matches(InstanceStatus status, DateTimeOffset now) =>
        InScope(status) && Only.All(o => Has(status, o, now));

    /// <summary>The same filter with <paramref name="only"/> the one count applied.</summary>
    public DashboardFilter WithOnly(Only only) => this with { Only = [only] };
}
