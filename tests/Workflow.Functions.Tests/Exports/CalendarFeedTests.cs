using System.Net;
using Ical.Net.CalendarComponents;
using Workflow.Core.Access;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;
using IcalCalendar = Ical.Net.Calendar;

namespace Workflow.Functions.Tests.Exports;

/// <summary>The deadline feeds on the running service, read back as a calendar program reads them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CalendarFeedTests(AzuriteFixture azurite)
{
    private static readonly string SystemFeed = $"/api/rounds/{TestData.Round}/systems/{TestData.System}/calendar.ics";

    private static readonly string RegionFeed = $"/api/rounds/{TestData.Round}/regions/{TestData.NorthEastAndYorkshire}/calendar.ics";

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private static readonly ClientPrincipal Pmo = new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]);

    private static async Task<(HttpResponseMessage Response, IcalCalendar Calendar)> ReadAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return (response, IcalCalendar.Load(text)!);
    }

    private static CalendarEvent Event(IcalCalendar calendar, string milestone) =>
        calendar.Events.Single(e => e.Uid == $"planning-round-{TestData.Round}-{TestData.System}-{milestone}");

    [Fact]
    public async Task SystemFeed_IsACalendarWithOneEventForEachMilestoneWithADate_InEnglandTime()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);

        var (response, calendar) = await ReadAsync(host.Client, SystemFeed);

        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(
            ["footprint", "draft", "peer-review", "final"],
            calendar.Events.Select(e => e.Uid!.Split('-', 6)[5]));
        var draft = Event(calendar, "draft");
        Assert.Equal(("Europe/London", new DateTime(2019, 9, 27, 17, 0, 0), new DateTime(2019, 9, 27, 16, 0, 0, DateTimeKind.Utc)), (draft.Start!.TzId, draft.Start.Value, draft.Start.AsUtc));
        Assert.Equal(new DateTime(2019, 11, 15, 17, 0, 0, DateTimeKind.Utc), Event(calendar, "final").Start!.AsUtc);
        Assert.Equal((0, "CONFIRMED"), (draft.Sequence, draft.Status));
        Assert.StartsWith("Draft (initial) system plan due: ", draft.Summary, StringComparison.Ordinal);
        Assert.Single(calendar.TimeZones, z => z.TzId == "Europe/London");
        // Read twice, the feed is the same to the byte: calendars see a change only when there is one.
        Assert.Equal(await response.Content.ReadAsStringAsync(), await host.Client.GetStringAsync(SystemFeed));
    }

    [Fact]
    public async Task SystemFeed_AfterAnExtension_TheSameEventMovesWithItsSequenceUpByOne()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);
        var (_, before) = await ReadAsync(host.Client, SystemFeed);

        await host.RaiseAppliedAsync("extension", new { milestone = "draft", newDue = "2019-10-11T17:00", reason = "Board meets late", grantedBy = "planning.lead@example.org" });
        var (_, after) = await ReadAsync(host.Client, SystemFeed);

        Assert.Equal(before.Events.Select(e => e.Uid), after.Events.Select(e => e.Uid));
        var (was, now) = (Event(before, "draft"), Event(after, "draft"));
        Assert.Equal(was.Sequence + 1, now.Sequence);
        Assert.Equal(new DateTime(2019, 10, 11, 17, 0, 0), now.Start!.Value);
        Assert.Contains("Board meets late", now.Description, StringComparison.Ordinal);
        Assert.Equal(Event(before, "final").Sequence, Event(after, "final").Sequence);
    }

    [Fact]
    public async Task RegionFeed_HoldsEverySystemOfTheRegion_AndOnlyThose()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System, TestData.Peer, TestData.OtherSystem);

        using var director = new HttpClient { BaseAddress = host.Client.BaseAddress }.SignedIn(Director);

        var (_, calendar) = await ReadAsync(director, RegionFeed);

        var systems = calendar.Events.Select(e => e.Uid!.Split('-')[4]).Distinct().ToList();
        Assert.Equal([TestData.System, TestData.Peer], systems);
        Assert.Equal(8, calendar.Events.Count);
    }

    [Fact]
    public async Task Feeds_AreReadLikeEveryOtherReadRoute()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);
        using var pmo = new HttpClient { BaseAddress = host.Client.BaseAddress }.SignedIn(Pmo);
        using var director = new HttpClient { BaseAddress = host.Client.BaseAddress }.SignedIn(Director);
        using var nobody = new HttpClient { BaseAddress = host.Client.BaseAddress };
        var otherRegion = TestData.FewSystemsReference.Directory.Systems.Single(s => s.Code.Value == TestData.OtherSystem).Region;

        Assert.Equal(HttpStatusCode.OK, (await pmo.GetAsync(SystemFeed)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pmo.GetAsync($"/api/rounds/{TestData.Round}/systems/{TestData.OtherSystem}/calendar.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pmo.GetAsync(RegionFeed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await director.GetAsync(RegionFeed)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await director.GetAsync($"/api/rounds/{TestData.Round}/regions/{otherRegion}/calendar.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await director.GetAsync($"/api/rounds/{TestData.Round}/systems/{TestData.OtherSystem}/calendar.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync(SystemFeed)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync(RegionFeed)).StatusCode);
    }

    [Fact]
    public async Task Pages_LinkToTheFeedsTheirReaderMayOpen()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System, TestData.Peer, TestData.OtherSystem);
        using var pmo = new HttpClient { BaseAddress = host.Client.BaseAddress }.SignedIn(Pmo);
        using var director = new HttpClient { BaseAddress = host.Client.BaseAddress }.SignedIn(Director);

        var systemPage = await pmo.GetStringAsync($"/dashboard/{TestData.Round}/systems/{TestData.System}");
        var pmoDashboard = await pmo.GetStringAsync($"/dashboard/{TestData.Round}");
        var directorDashboard = await director.GetStringAsync($"/dashboard/{TestData.Round}");

        Assert.Contains($"href=\"{SystemFeed}\"", systemPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/regions/", pmoDashboard, StringComparison.Ordinal);
        Assert.Contains($"href=\"{RegionFeed}\"", directorDashboard, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/rounds/2019-20/systems/E54000099/calendar.ics", HttpStatusCode.NotFound, "no system by that code")]
    [InlineData("/api/rounds/2030-31/systems/E54000005/calendar.ics", HttpStatusCode.NotFound, "no round '2030-31'")]
    [InlineData("/api/rounds/2019-20/regions/north-east/calendar.ics", HttpStatusCode.BadRequest, "not a region code")]
    [InlineData("/api/rounds/2019-20/regions/E40000099/calendar.ics", HttpStatusCode.NotFound, "no region 'E40000099'")]
    [InlineData("/api/rounds/2030-31/regions/E40000009/calendar.ics", HttpStatusCode.NotFound, "no round '2030-31'")]
    public async Task Feeds_ForWhatDoesNotExist_SaySo(string path, HttpStatusCode status, string detail)
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
