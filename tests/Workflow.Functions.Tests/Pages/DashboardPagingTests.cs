using System.Net;
using System.Text.RegularExpressions;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Storage.Status;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Pages;

/// <summary>
/// A round of 250 made-up systems, just started, their status rows written straight to the table (no orchestrations
/// run): 150 of them suspended, so a count narrows the rows to two pages of their own.
/// </summary>
public sealed class ManySystemsHost(AzuriteFixture azurite) : IAsyncLifetime
{
    public const int Systems = 250;

    public const int Suspended = 150;

    internal TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync(new HostState(azurite) { DataFolder = TestData.ManySystems(Systems), StartRoundOnLoad = false });
        var store = Host.Get<StatusStore>();
        var systems = Host.Get<ReferenceData>().Directory.Systems;
        await Parallel.ForEachAsync(systems.Select((system, i) => (system, i)), async (s, ct) =>
        {
            var started = StateMachine.Start(TestHost.Id(s.system.Code.Value), new InstanceStarted(TestData.Opening, s.system.Region));
            await store.WriteAsync(InstanceStatus.Of(started, TestData.ShippedRound, TestData.Opening) with { Suspended = s.i % 5 < 3 }, ct);
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>The dashboard's matrix a hundred systems a page: the rows paged, everything else the whole view's, the page in the address.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class DashboardPagingTests(ManySystemsHost many) : IClassFixture<ManySystemsHost>
{
    private static readonly string Dashboard = $"/dashboard/{TestData.Round}";

    private TestHost Host => many.Host;

    private SystemDirectory Directory => Host.Get<ReferenceData>().Directory;

    private Task<(HttpStatusCode Status, string Html)> GetAsync(string path) => DashboardPageTests.GetAsync(Host, path, DashboardPageTests.National);

    private static List<string> SystemsOn(string html) => [.. SystemPattern().Matches(html).Select(m => m.Groups[1].Value)];

    /// <summary>Each region's table on the page, with the systems in it, in the page's order.</summary>
    private static List<(string Region, List<string> Systems)> TablesOn(string html) =>
        [.. TablePattern().Matches(html).Select(m => (m.Groups[1].Value, SystemsOn(m.Groups[2].Value)))];

    /// <summary>The page up to its pagination: what must link to the first page whatever page it is.</summary>
    private static string AbovePagination(string html) =>
        html.IndexOf("<nav class=\"nhsuk-pagination", StringComparison.Ordinal) is >= 0 and var nav ? html[..nav] : html;

    [Fact]
    public async Task Pages_OfTheWholeRound_Show100Then100Then50_InTheViewsOrder_WithWholeRoundCounts()
    {
        var expected = Directory.Systems
            .OrderBy(s => Directory.Region(s.Region).Name, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => s.Code.Value)
            .ToList();

        var (_, first) = await GetAsync(Dashboard);
        var (_, numbered) = await GetAsync($"{Dashboard}?page=1");
        var (_, second) = await GetAsync($"{Dashboard}?page=2");
        var (third, last) = await GetAsync($"{Dashboard}?page=3");

        Assert.Equal(HttpStatusCode.OK, third);
        Assert.Equal(expected[..100], SystemsOn(first));
        Assert.Equal(SystemsOn(first), SystemsOn(numbered));
        Assert.Equal(expected[100..200], SystemsOn(second));
        Assert.Equal(expected[200..], SystemsOn(last));
        foreach (var page in (string[])[first, second, last])
        {
            // Every row under its own region's heading and table, a region cut by a page headed on both sides of the cut.
            foreach (var (region, systems) in TablesOn(page))
            {
                Assert.All(systems, s => Assert.Equal(region, Directory.Systems.Single(d => d.Code.Value == s).Region.Value));
                Assert.Contains($"<h2 class=\"nhsuk-heading-m\">{Directory.Region(new RegionCode(region)).Name}</h2>", page, StringComparison.Ordinal);
            }
            Assert.Contains($">{ManySystemsHost.Suspended}</span> suspended</a>", page, StringComparison.Ordinal);
            Assert.Contains($"Not ready yet: {ManySystemsHost.Systems} of {ManySystemsHost.Systems} systems still to be agreed.", page, StringComparison.Ordinal);
            Assert.Contains($"Showing {ManySystemsHost.Systems} of {ManySystemsHost.Systems} systems.", page, StringComparison.Ordinal);
            // Links made from the filter start its view again at the first page.
            var above = AbovePagination(page);
            Assert.DoesNotContain("page=", above, StringComparison.Ordinal);
            Assert.Contains($"href=\"{Dashboard}?only=suspended\"", above, StringComparison.Ordinal);
            Assert.Contains($"href=\"{Dashboard}?format=csv\"", above, StringComparison.Ordinal);
            Assert.Contains("<nav class=\"nhsuk-pagination nhsuk-pagination--numbered\" role=\"navigation\" aria-label=\"Pages of systems\">", page, StringComparison.Ordinal);
        }
        Assert.Contains("Showing 1 to 100 of 250 systems", first, StringComparison.Ordinal);
        Assert.Contains("Showing 101 to 200 of 250 systems", second, StringComparison.Ordinal);
        Assert.Contains("Showing 201 to 250 of 250 systems", last, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}\" aria-label=\"Page 1\" aria-current=\"page\"", first, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}?page=2\" aria-label=\"Page 2\" aria-current=\"page\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", first, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}?page=2\" class=\"nhsuk-pagination__next\" rel=\"next\"", first, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}\" class=\"nhsuk-pagination__previous\" rel=\"prev\"", second, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}?page=3\" class=\"nhsuk-pagination__next\" rel=\"next\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_OfAFilteredView_KeepTheFilterInTheirLinks()
    {
        var (_, first) = await GetAsync($"{Dashboard}?only=suspended");
        var (status, second) = await GetAsync($"{Dashboard}?only=suspended&page=2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(100, SystemsOn(first).Count);
        Assert.Equal(50, SystemsOn(second).Count);
        Assert.Empty(SystemsOn(first).Intersect(SystemsOn(second)));
        Assert.Contains($"href=\"{Dashboard}?only=suspended&amp;page=2\" class=\"nhsuk-pagination__next\"", first, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}?only=suspended\" class=\"nhsuk-pagination__previous\"", second, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}?only=suspended&amp;page=2\" aria-label=\"Page 2\" aria-current=\"page\"", second, StringComparison.Ordinal);
        Assert.Contains("Showing 101 to 150 of 150 systems", second, StringComparison.Ordinal);
        Assert.Contains($"Showing {ManySystemsHost.Suspended} of {ManySystemsHost.Systems} systems.", second, StringComparison.Ordinal);
        Assert.Contains("value=\"suspended\" checked", second, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}?only=suspended&amp;format=csv\"", AbovePagination(second), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?page=4", "?page=3")]
    [InlineData("?page=99999999999999999999", "?page=3")]
    [InlineData("?only=suspended&page=3", "?only=suspended&amp;page=2")]
    public async Task Page_PastTheLast_IsNotFound_AndLinksToTheLast(string query, string last)
    {
        var (status, html) = await GetAsync(Dashboard + query);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}{last}\" id=\"last-page\"", html, StringComparison.Ordinal);
        Assert.Empty(SystemsOn(html));
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?page=-1")]
    [InlineData("?page=abc")]
    [InlineData("?page=1e3")]
    [InlineData("?page=%2B2")]
    [InlineData("?page=%202")]
    [InlineData("?page=")]
    [InlineData("?page=1&page=2")]
    [InlineData("?page=abc&format=csv")]
    public async Task Page_NotAWholeNumberFromOne_IsRefusedWithAPage(string query)
    {
        var (status, html) = await GetAsync(Dashboard + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("That page does not exist", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?format=csv")]
    [InlineData("?page=2&format=csv")]
    [InlineData("?page=9&format=csv")]
    public async Task Csv_IsTheWholeViewWhateverThePage(string query)
    {
        var csv = await CsvFile.GetAsync(Host.Client, Dashboard + query);

        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.Equal(ManySystemsHost.Systems, csv.Rows.Select(r => r["system"]).Distinct().Count());
    }

    [GeneratedRegex("data-system=\"([^\"]+)\"")]
    private static partial Regex SystemPattern();

    [GeneratedRegex("<table[^>]*data-region=\"([^\"]+)\"(.*?)</table>", RegexOptions.Singleline)]
    private static partial Regex TablePattern();
}
