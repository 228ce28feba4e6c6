using System.Globalization;
using System.Net;
using Workflow.Core.Access;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Exports;

/// <summary>
/// <c>GET /api/rounds/{round}/audit.csv</c> and <c>GET /api/instances/{round}/{system}/audit.csv</c> on the running
/// service: what happened in order, who did it and why, for the systems the caller may see, safe to open in Excel.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditCsvTests(AzuriteFixture azurite)
{
    private static readonly string RoundAudit = $"/api/rounds/{TestData.Round}/audit.csv";

    private static readonly string InstanceAudit = $"/api/instances/{TestData.Round}/{TestData.System}/audit.csv";

    private static readonly ClientPrincipal NorthWest = new("Grace Okafor", "director.north-west@example.org", [AppRoles.Regional]);

    private static readonly ClientPrincipal Pmo = new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]);

    private static readonly string[] Header = ["time", "system", "region", "kind", "by", "detail"];

    private const string Formula = "=HYPERLINK(\"https://example.org\",\"open\")";

    private static HttpClient As(TestHost host, ClientPrincipal? who)
    {
        var client = new HttpClient { BaseAddress = host.Client.BaseAddress };
        return who is null ? client : client.SignedIn(who);
    }

    private static IEnumerable<string> Systems(CsvFile csv) => csv.Rows.Select(r => r["system"]).Distinct();

    [Fact]
    public async Task Audit_OfARunRound_ListsEachEventInOrderWithWhoWhenAndWhat()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.Opening));
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = Formula, reference = "https://example.org/plans/draft,v1" });

        var round = await CsvFile.GetAsync(host.Client, RoundAudit);
        var one = await CsvFile.GetAsync(host.Client, InstanceAudit);

        Assert.Equal((HttpStatusCode.OK, "text/csv"), (round.Status, round.ContentType));
        Assert.Equal(Header, round.Header);
        Assert.Equal(new[] { TestData.System, TestData.Peer, TestData.OtherSystem }, Systems(round).Order(StringComparer.Ordinal));
        var times = round.Rows.Select(r => DateTimeOffset.Parse(r["time"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(round.Rows.GroupBy(r => r["system"]), g => Assert.Equal("started", g.First()["kind"]));
        var submitted = Assert.Single(round.Rows, r => r["kind"] == "plan-submitted");
        Assert.Equal((TestData.System, TestData.NorthEastAndYorkshire), (submitted["system"], submitted["region"]));
        Assert.InRange(DateTimeOffset.Parse(submitted["time"], CultureInfo.InvariantCulture), TestData.Opening.AddMinutes(-1), TestData.Opening.AddMinutes(10));
        // Excel would run the name as a formula; the file gives it as text, and the comma stays inside its cell.
        Assert.Equal("'" + Formula, submitted["by"]);
        Assert.Equal("draft: https://example.org/plans/draft,v1", submitted["detail"]);
        Assert.Equal(new[] { TestData.System }, Systems(one));
        Assert.Equal(round.Rows.Where(r => r["system"] == TestData.System).Select(r => r["kind"]), one.Rows.Select(r => r["kind"]));
    }

    [Fact]
    public async Task Audit_NarrowedOrAskedWrongly_GivesThoseSystemsOrAProblem()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));

        var northWest = await CsvFile.GetAsync(host.Client, $"{RoundAudit}?region=E40000010");
        var byName = await CsvFile.GetAsync(host.Client, $"{RoundAudit}?region=north%20west");
        var system = await CsvFile.GetAsync(host.Client, $"{RoundAudit}?system={TestData.Peer}");
        using var unknownRound = await host.Client.GetAsync("/api/rounds/2031-32/audit.csv");
        using var unknownSystem = await host.Client.GetAsync($"/api/instances/{TestData.Round}/E54999999/audit.csv");
        using var unknownFilter = await host.Client.GetAsync($"{RoundAudit}?system=E54999999");
        using var badRegion = await host.Client.GetAsync($"{RoundAudit}?region=nowhere");

        Assert.Equal(new[] { TestData.OtherSystem }, Systems(northWest));
        Assert.Equal(northWest.Rows.Count, byName.Rows.Count);
        Assert.Equal(new[] { TestData.Peer }, Systems(system));
        foreach (var (response, status) in new[] { (unknownRound, HttpStatusCode.NotFound), (unknownSystem, HttpStatusCode.NotFound), (unknownFilter, HttpStatusCode.NotFound), (badRegion, HttpStatusCode.BadRequest) })
        {
            Assert.Equal((status, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }
        Assert.Contains("'nowhere' is not a region code or name in the directory", await badRegion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_ForADirectorAPmoOrNobody_GivesOnlyWhatTheyMaySee()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));
        using var director = As(host, NorthWest);
        using var pmo = As(host, Pmo);
        using var nobody = As(host, null);

        var directors = await CsvFile.GetAsync(director, RoundAudit);
        var anotherRegion = await CsvFile.GetAsync(director, $"{RoundAudit}?region={TestData.NorthEastAndYorkshire}");
        var anotherRegionsSystem = await CsvFile.GetAsync(director, InstanceAudit);
        var pmos = await CsvFile.GetAsync(pmo, RoundAudit);
        var peer = await CsvFile.GetAsync(pmo, $"/api/instances/{TestData.Round}/{TestData.Peer}/audit.csv");
        var own = await CsvFile.GetAsync(pmo, InstanceAudit);
        var signedOut = await CsvFile.GetAsync(nobody, RoundAudit);

        Assert.Equal(new[] { TestData.OtherSystem }, Systems(directors));
        Assert.Equal(HttpStatusCode.Forbidden, anotherRegion.Status);
        Assert.Contains("it is not your region", anotherRegion.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, anotherRegionsSystem.Status);
        Assert.Equal(new[] { TestData.System }, Systems(pmos));
        Assert.Equal(HttpStatusCode.Forbidden, peer.Status);
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal(new[] { TestData.System }, Systems(own));
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.Status);
    }
}
