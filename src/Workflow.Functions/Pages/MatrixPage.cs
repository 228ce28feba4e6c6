using System.Collections.Immutable;
using System.Globalization;

namespace Workflow.Functions.Pages;

/// <summary>
/// One page of the dashboard's matrix: the rows of the whole filtered view that fall on it, in the view's order and
/// still grouped by region, so a region whose systems run over two pages is headed on both. Only the rows are paged;
/// the counts and the national plan's standing are the whole view's.
/// </summary>
/// <param name="Number">The page, from 1.</param>
/// <param name="Count">How many pages the view has; 1 when it has no rows, so an empty view still has its first page.</param>
/// <param name="First">The first row on the page, from 1 (0 when there are none).</param>
/// <param name="Last">The last row on the page.</param>
/// <param name="Total">Rows in the whole view.</param>
public sealed record MatrixPage(int Number, int Count, int First, int Last, int Total, ImmutableArray<RegionRows> Regions)
{
    /// <summary>Rows a page: 10,000 systems on one page was 23 MB of HTML.</summary>
    public const int Size = 100;

    public const string Key = "page";

    /// <summary>
    /// The page the address asks for (1 when it names none), or what is wrong with it. Where the page is, not what is
    /// chosen, so <see cref="DashboardFilter"/> leaves it alone. A number too large for an int is still a whole number,
    /// so it is taken as past any last page rather than refused as malformed.
    /// </summary>
    public static (int? Number, string? Error) Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = query[Key];
        if (values.Count == 0)
        {
            return (1, null);
        }
        if (values is not [{ Length: > 0 } text] || !text.All(char.IsAsciiDigit) || text.All(c => c == '0'))
        {
            return (null, "A page of the dashboard is a whole number from 1.");
        }
        return (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : int.MaxValue, null);
    }

    /// <summary>Page <paramref name="number"/> of <paramref name="regions"/>' rows, or null when the view has fewer pages.</summary>
    public static MatrixPage? Of(ImmutableArray<RegionRows> regions, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var total = regions.Sum(g => g.Rows.Length);
        var count = CountFor(total);
        if (number > count)
        {
            return null;
        }
        var skip = (number - 1) * Size;
        // The view's rows are grouped by region already, so a region's rows on the page are next to one another.
        var onPage = regions
            .SelectMany(g => g.Rows.Select(row => (g.Region, Row: row)))
            .Skip(skip)
            .Take(Size)
            .GroupBy(r => r.Region)
            .Select(g => new RegionRows(g.Key, [.. g.Select(r => r.Row)]))
            .ToImmutableArray();
        return new MatrixPage(number, count, total == 0 ? 0 : skip + 1, Math.Min(skip + Size, total), total, onPage);
    }

    /// <summary>How many pages <paramref name="regions"/>' rows take.</summary>
    public static int CountOf(ImmutableArray<RegionRows> regions) => CountFor(regions.Sum(g => g.Rows.Length));

    private static int CountFor(int total) => Math.Max(1, (total + Size - 1) / Size);

    /// <summary>
    /// The address of page <paramref name="number"/> of the view <paramref name="filter"/> chooses. The first page has no
    /// number, so it is the address every link made from the filter alone (counts, form, clearing) already gives.
    /// </summary>
    public static string Address(string path, DashboardFilter filter, int number)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return path + (number == 1 ? filter.ToQuery() : filter.ToQuery(string.Create(CultureInfo.InvariantCulture, $"{Key}={number}")));
    }

    /// <summary>
    /// The pages the pagination lists, null for a gap: the first, the last, and two either side of this one, as the NHS.UK
    /// pattern shows them. A gap of one page shows that page, since the ellipsis would take as much room.
    /// </summary>
    public IEnumerable<int?> Numbers()
    {
        var shown = Enumerable.Range(1, Count).Where(n => n == 1 || n == Count || Math.Abs(n - Number) <= 2).ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            if (i > 0 && shown[i] - shown[i - 1] == 2)
            {
                yield return shown[i] - 1;
            }
            else if (i > 0 && shown[i] - shown[i - 1] > 2)
            {
                yield return null;
            }
            yield return shown[i];
        }
    }
}
