using System.Net;
using Workflow.Core.Access;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Exports;

/// <summary>The dashboard's view as CSV: the page's filters and who sees what, a line per system, safe to open in Excel.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardCsvTests(AzuriteFixture azurite)
{
    private static readonly string Dashboard = $"/dashboard/{TestData.Round}";

    private static readonly ClientPrincipal NorthWest = new("North West director", "director.north-west@example.org", [AppRoles.Regional]);

    private static readonly string[] Header =
    [
        "region", "system", "name", "stage", "footprint", "footprint_date", "draft", "draft_date", "peer_review", "peer_review_date",
        "final", "final_date", "agreement", "agreement_date", "publication", "publication_date",
    ];

    [Fact]
    public async Task DashboardCsv_WithTheFiltersOfThePage_GivesItsRowsAndThePageLinksToIt()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        await TestHost.WaitForAsync("the draft on the status row", async () =>
            (await host.StatusRowsAsync()).Any(s => s.Stage == Workflow.Core.Instances.Stage.FinalDue));

        var all = await CsvFile.GetAsync(host.Client, $"{Dashboard}?format=csv");
        var finalDue = await CsvFile.GetAsync(host.Client, $"{Dashboard}?stage=final-due&format=csv");
        var page = await host.Client.GetStringAsync($"{Dashboard}?stage=final-due");
        using var otherFormat = await host.Client.GetAsync($"{Dashboard}?format=xlsx");
        using var badFilter = await host.Client.GetAsync($"{Dashboard}?stage=thinking&format=csv");

        Assert.Equal((HttpStatusCode.OK, "text/csv"), (all.Status, all.ContentType));
        Assert.Equal(Header, all.Header);
        // As the page orders them: by region's name, then system's name.
        Assert.Equal(new[] { TestData.Peer, TestData.System, TestData.OtherSystem }, all.Rows.Select(r => r["system"]));
        var row = Assert.Single(finalDue.Rows);
        Assert.Equal((TestData.System, "North East and Yorkshire", "Final plan due"), (row["system"], row["region"], row["stage"]));
        Assert.Equal("Done", row["draft"]);
        Assert.StartsWith("2019-", row["draft_date"], StringComparison.Ordinal);
        Assert.Contains($"href=\"{Dashboard}?stage=final-due&amp;format=csv\"", page, StringComparison.Ordinal);
        Assert.Contains("Download this view as CSV", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, otherFormat.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
    }

    [Fact]
    public async Task DashboardCsv_ForARegionsDirector_HasOnlyTheirRegion()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));
        using var director = new HttpClient { BaseAddress = host.Client.BaseAddress }.SignedIn(NorthWest);

        var csv = await CsvFile.GetAsync(director, $"{Dashboard}?format=csv");
        var anotherRegion = await CsvFile.GetAsync(director, $"{Dashboard}?region={TestData.NorthEastAndYorkshire}&format=csv");

        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.Equal(new[] { TestData.OtherSystem }, csv.Rows.Select(r => r["system"]));
        Assert.Equal(HttpStatusCode.Forbidden, anotherRegion.Status);
    }

    [Fact]
    public async Task DashboardCsv_ASystemNameExcelWouldRun_IsWrittenAsText()
    {
        const string Name = "=1+2 West Yorkshire";
        await using var host = await TestHost.StartAsync(new HostState(azurite) { DataFolder = Renamed(TestData.System, Name) });

        var csv = await CsvFile.GetAsync(host.Client, $"{Dashboard}?format=csv");

        Assert.Equal("'" + Name, Assert.Single(csv.Rows, r => r["system"] == TestData.System)["name"]);
    }

    /// <summary>The few systems' data folder, copied, with one system given another name.</summary>
    private static string Renamed(string system, string name)
    {
        var folder = Path.Combine(TestData.Scratch, "renamed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(TestData.FewSystems))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        var systems = Path.Combine(folder, "systems-2019.csv");
        File.WriteAllLines(systems, File.ReadAllLines(systems).Select(l =>
            l.StartsWith(system + ",", StringComparison.Ordinal) ? string.Join(',', [system, name, .. l.Split(',')[2..]]) : l));
        return folder;
    }
}
