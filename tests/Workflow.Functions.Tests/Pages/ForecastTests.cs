using System.Net;
using System.Text.Json;
using Workflow.Core.Access;
using Workflow.Core.Instances;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Pages;

/// <summary>
/// A host on Friday 1 November 2019, the final plan due in two weeks: the two North East and Yorkshire systems have
/// just sent their drafts, Greater Manchester has not.
/// </summary>
public sealed class NovemberHost(AzuriteFixture azurite) : IAsyncLifetime
{
    internal TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await StartAsync(azurite);

    internal static async Task<TestHost> StartAsync(AzuriteFixture azurite)
    {
        var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(11, 1, 10)));
        foreach (var system in (string[])[TestData.System, TestData.Peer])
        {
            await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" }, system);
        }
        await host.SettledAsync();
        return host;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The forecast page and API on the running service: what they show, to whom, what they refuse, and that they only
/// read. The test that matters most runs the round on with nobody acting and finds exactly the forecast sent.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ForecastTests(AzuriteFixture azurite, NovemberHost fixture) : IClassFixture<NovemberHost>
{
    private static readonly string Page = $"/dashboard/{TestData.Round}/forecast";

    private static readonly string Api = $"/api/rounds/{TestData.Round}/forecast";

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private static readonly ClientPrincipal Pmo = new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]);

    private const string NorthWest = "E40000010";

    private TestHost Host => fixture.Host;

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(TestHost host, string path, ClientPrincipal? who = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ClientPrincipal.Header, (who ?? TestSignIn.National).ToHeader());
        using var response = await host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<string> Systems(JsonElement forecast) => forecast.GetProperty("systems").EnumerateArray().Select(s => s.GetProperty("code").GetString()!);

    private static List<(string System, string Id, DateTimeOffset At)> Sends(JsonElement forecast) =>
    [
        .. forecast.GetProperty("systems").EnumerateArray().SelectMany(s => s.GetProperty("sends").EnumerateArray().Select(c =>
            (s.GetProperty("code").GetString()!, c.GetProperty("id").GetString()!, c.GetProperty("at").GetDateTimeOffset()))),
    ];

    [Fact]
    public async Task Forecast_NobodyActing_IsExactlyWhatTheRoundThenSends()
    {
        await using var host = await NovemberHost.StartAsync(azurite);
        var forecast = await host.GetJsonAsync($"{Api}?assumption=nobody-acts&weeks=2");
        var (from, until) = (forecast.GetProperty("from").GetDateTimeOffset(), forecast.GetProperty("until").GetDateTimeOffset());
        var predicted = Sends(forecast);
        Assert.NotEmpty(predicted);
        Assert.Equal(from.AddDays(14), until);

        // Round time moved on as the host moves it, to each instant the forecast names and then to its end, with nobody
        // acting: a clock moved past a send time would send that prompt late, at the time moved to.
        foreach (var at in predicted.Select(p => p.At).Distinct().Order())
        {
            await host.AdvanceClockAsync(at);
            await host.SettledAsync();
        }
        await host.AdvanceClockAsync(until);
        await host.SettledAsync();

        var sent = new List<(string System, string Id, DateTimeOffset At)>();
        foreach (var system in host.Systems)
        {
            sent.AddRange((await host.Journal.ReadAsync(TestHost.Id(system))).Select(e => e.Event).OfType<CommandIssued>()
                .Where(i => i.At > from && i.At <= until).Select(i => (system, i.Command.Id, i.At)));
        }
        Assert.Equal(predicted.Order(), sent.Order());
        var mailed = host.Mail.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(predicted, p => Assert.Contains(p.Id, mailed));
    }

    [Fact]
    public async Task Forecast_PageApiAndCsv_WriteNothingAndSendNothing()
    {
        await Host.SettledAsync();
        var before = await StorageSnapshot.TakeAsync(Host);

        foreach (var path in (string[])[Page, $"{Page}?assumption=everyone-on-the-due-date&weeks=8", $"{Page}?format=csv", Api, $"{Api}?assumption=directors-take-their-full-window&format=csv"])
        {
            var (status, body) = await GetAsync(Host, path);
            Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {body}");
        }

        Assert.Equal(before, await StorageSnapshot.TakeAsync(Host));
    }

    [Fact]
    public async Task Page_National_ShowsTheSummaryAndEachWeeksMessagesBySystem()
    {
        var (status, html) = await GetAsync(Host, Page);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches(@"From Friday 1 November 2019, 10(:\d\d)?am to Friday 13 December 2019, 10(:\d\d)?am, if nobody acts\.", html);
        Assert.Contains("<dd class=\"nhsuk-summary-list__value\" id=\"systems\">3</dd>", html, StringComparison.Ordinal);
        // Nobody sends the final plan, due Friday 15 November: the two with drafts in are told it is late and escalated,
        // and Greater Manchester's missing draft goes to the national team.
        Assert.Contains("<dd class=\"nhsuk-summary-list__value\" id=\"overdue\">2 systems</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd class=\"nhsuk-summary-list__value\" id=\"escalated-to-region\">2 systems</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd class=\"nhsuk-summary-list__value\" id=\"escalated-to-national\">3 systems</dd>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"national-plan\">Would not be ready by Tuesday 31 December 2019, 5pm: 3 systems still outstanding on Friday 13 December 2019.", html, StringComparison.Ordinal);
        Assert.Contains("Week commencing Monday 11 November 2019", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/dashboard/{TestData.Round}/systems/{TestData.System}\">", html, StringComparison.Ordinal);
        Assert.Contains($"<li data-command=\"{TestData.InstanceId()}/final/due-today@20191115T1700\">Due today (Final system plan), Friday 15 November 2019, 9am</li>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"nobody-acts\" checked", html, StringComparison.Ordinal);
        Assert.Contains("value=\"6\" selected", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_PastTheRoundsEnd_SaysTheHorizonUsed()
    {
        var (status, html) = await GetAsync(Host, $"{Page}?weeks=52");
        var forecast = await Host.GetJsonAsync($"{Api}?weeks=52");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(forecast.GetProperty("until").GetDateTimeOffset() < forecast.GetProperty("from").GetDateTimeOffset().AddDays(7 * 52));
        Assert.Contains("the forecast stops there rather than 52 weeks ahead", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forecast_ByRole_ShowsOnlyTheSystemsTheyMaySee()
    {
        var national = JsonDocument.Parse((await GetAsync(Host, Api)).Body).RootElement;
        var director = JsonDocument.Parse((await GetAsync(Host, Api, Director)).Body).RootElement;
        var pmo = JsonDocument.Parse((await GetAsync(Host, Api, Pmo)).Body).RootElement;
        var (_, directorPage) = await GetAsync(Host, Page, Director);

        Assert.Equal([TestData.System, TestData.Peer, TestData.OtherSystem], Systems(national).Order(StringComparer.Ordinal));
        Assert.Equal([TestData.System, TestData.Peer], Systems(director).Order(StringComparer.Ordinal));
        Assert.Equal([TestData.System], Systems(pmo));
        Assert.DoesNotContain(TestData.OtherSystem, directorPage, StringComparison.Ordinal);
        Assert.Contains($"data-system=\"{TestData.Peer}\"", directorPage, StringComparison.Ordinal);
        // What each sees of a system is what the national team sees of it.
        Assert.Equal(Sends(national).Where(s => s.System == TestData.System), Sends(pmo));
    }

    [Fact]
    public async Task Forecast_AnotherRegionsFilter_IsRefusedAsTheDashboardRefusesIt()
    {
        var (page, html) = await GetAsync(Host, $"{Page}?region={NorthWest}", Director);
        var (api, _) = await GetAsync(Host, $"{Api}?region={NorthWest}", Director);
        var (pmo, _) = await GetAsync(Host, $"{Api}?region={TestData.NorthEastAndYorkshire}", Pmo);
        var (dashboard, _) = await GetAsync(Host, $"/dashboard/{TestData.Round}?region={NorthWest}", Director);
        var (own, ownBody) = await GetAsync(Host, $"{Api}?region={TestData.NorthEastAndYorkshire}", Director);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (page, api, pmo));
        Assert.Equal(dashboard, page);
        Assert.Contains("it is not your region", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, own);
        Assert.Equal([TestData.System, TestData.Peer], Systems(JsonDocument.Parse(ownBody).RootElement).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("assumption=somebody-acts")]
    [InlineData("assumption=NobodyActs")]
    [InlineData("assumption=nobody-acts&assumption=nobody-acts")]
    [InlineData("weeks=0")]
    [InlineData("weeks=53")]
    [InlineData("weeks=-1")]
    [InlineData("weeks=two")]
    [InlineData("weeks=")]
    [InlineData("region=E40999999")]
    [InlineData("format=xlsx")]
    public async Task Forecast_QueryItCouldNotHaveMade_IsRefused(string query)
    {
        var (page, html) = await GetAsync(Host, $"{Page}?{query}");
        var (api, problem) = await GetAsync(Host, $"{Api}?{query}");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (page, api));
        Assert.Contains("<h1 class=\"nhsuk-heading-l\">That ", html, StringComparison.Ordinal);
        Assert.Equal(400, JsonDocument.Parse(problem).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Forecast_UnknownRound_IsNotFound()
    {
        var (page, html) = await GetAsync(Host, "/dashboard/2030-31/forecast");
        var (api, _) = await GetAsync(Host, "/api/rounds/2030-31/forecast");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (page, api));
        Assert.Contains("Round not found", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_OneLinePerMessage_TheSameAsTheJson()
    {
        var forecast = await Host.GetJsonAsync(Api);
        var csv = await CsvFile.GetAsync(Host.Client, $"{Api}?format=csv");

        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.Equal(["week_commencing", "system", "name", "region", "at", "kind", "milestone", "command_id"], csv.Header);
        Assert.Equal(Sends(forecast).Select(s => s.Id).Order(StringComparer.Ordinal), csv.Rows.Select(r => r["command_id"]).Order(StringComparer.Ordinal));
        var due = Assert.Single(csv.Rows, r => r["command_id"] == $"{TestData.InstanceId()}/final/due-today@20191115T1700");
        Assert.Equal(("2019-11-11", TestData.System, "2019-11-15T09:00+00:00", "due-today", "final"), (due["week_commencing"], due["system"], due["at"], due["kind"], due["milestone"]));
    }
}
