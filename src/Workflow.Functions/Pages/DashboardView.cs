using System.Collections.Immutable;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Functions.Pages;

/// <summary>One system's row of the matrix: each milestone's tag, with the date done or due.</summary>
public sealed record MatrixRow(SystemEntry System, InstanceStatus Status, ImmutableArray<MatrixCell> Cells);

public sealed record MatrixCell(Milestone Milestone, CellTag Tag, DateTimeOffset? Date);

/// <summary>A region's systems, as the matrix groups them.</summary>
public sealed record RegionRows(RegionEntry Region, ImmutableArray<MatrixRow> Rows);

/// <summary>
/// Everything the dashboard page shows of one round for one viewer, worked out before rendering so the page only lays it
/// out: the systems they may see, grouped by region, the counts, and the national plan's standing.
/// </summary>
public sealed record DashboardView(
    Round Round,
    ImmutableArray<Milestone> Columns,
    ImmutableArray<RegionRows> Regions,
    ImmutableDictionary<Only, int> Counts,
    NationalPlanStanding NationalPlan,
    DashboardFilter Filter,
    ImmutableArray<RegionEntry> RegionChoices,
    int Shown,
    int InScope)
{
    /// <param name="statuses">Every status row of the round the viewer may see.</param>
    public static DashboardView Of(Round round, IEnumerable<InstanceStatus> statuses, SystemDirectory directory, IEnumerable<RegionEntry> regionChoices, DashboardFilter filter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(filter);
        var visible = statuses.ToList();
        var inScope = visible.Where(filter.InScope).ToList();
        var shown = inScope.Where(s => filter.Matches(s, now)).ToList();
        var columns = Matrix.SystemMilestones.Where(round.Has).ToImmutableArray();
        var regions = shown
            .Select(status => directory.TryGetSystem(status.Instance.System, out var system) ? Row(system, status, columns, now) : null)
            .OfType<MatrixRow>()
            .GroupBy(row => row.System.Region)
            .Select(g => new RegionRows(directory.Region(g.Key), [.. g.OrderBy(r => r.System.Name, StringComparer.Ordinal)]))
            .OrderBy(g => g.Region.Name, StringComparer.Ordinal)
            .ToImmutableArray();
        return new DashboardView(
            round, columns, regions,
            Enum.GetValues<Only>().ToImmutableDictionary(o => o, o => inScope.Count(s => DashboardFilter.Has(s, o, now))),
            NationalPlanStanding.Of(round, visible),
            filter, [.. regionChoices], shown.Count, inScope.Count);
    }

    private static MatrixRow Row(SystemEntry system, InstanceStatus status, ImmutableArray<Milestone> columns, DateTimeOffset now)
    {
        var cells = status.CellsAt(now).ToDictionary(c => c.Facts.Milestone);
        return new MatrixRow(system, status, [.. columns.Select(m => cells.TryGetValue(m, out var cell)
            ? new MatrixCell(m, cell.Tag, cell.Facts.DoneAt ?? cell.Facts.Due)
            : new MatrixCell(m, CellTag.NotYet, null))]);
    }
}
