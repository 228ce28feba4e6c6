using System.Collections.Concurrent;
using System.Net;
using Moq;
using Workflow.Core.Access;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Pages;

/// <summary>The page acting on every system a dashboard filter selects, on the running service, as a browser sends its forms.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ActOnManyPageTests(AzuriteFixture azurite)
{
    private static readonly string Act = $"/dashboard/{TestData.Round}/act";

    /// <summary>North East and Yorkshire: the system and its peer, not the other system.</summary>
    private static readonly string Region = $"?region={TestData.NorthEastAndYorkshire}";

    private static readonly string NorthWest = "?region=E40000010";

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private static readonly (string, string)[] Extension =
        [("milestone", "draft"), ("newDue-day", "11"), ("newDue-month", "10"), ("newDue-year", "2019"), ("extend-reason", "Boards meet late")];

    private static InstanceStatus Row(IEnumerable<InstanceStatus> rows, string system) => rows.Single(r => r.Instance.System.Value == system);

    private static DateTimeOffset? DraftDue(IEnumerable<InstanceStatus> rows, string system) =>
        Row(rows, system).Milestones.Single(m => m.Milestone == Milestone.Draft).Due;

    private static string Timetable(string system) => $"{TestData.InstanceId(system)}/timetable";

    private static string Outcome(string html, string system) =>
        System.Text.RegularExpressions.Regex.Match(html, $"data-system=\"{system}\" data-outcome=\"([a-z-]+)\"").Groups[1].Value;

    /// <summary>Suspends or resumes each system through the instances API, then waits until their status rows show it.</summary>
    private static async Task ControlAsync(TestHost host, string operation, params string[] systems)
    {
        foreach (var system in systems)
        {
            using var response = await host.PostAsync($"/api/instances/{TestData.Round}/{system}/{operation}", new { reason = "Merger under review", by = "national@example.org" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await host.SettledAsync(systems);
    }

    /// <summary>
    /// Sends one of the page's forms for the region as the national team and waits for what it raised to be taken: the
    /// page must say what was done and list both of the region's systems as acted on, and no system of another region.
    /// </summary>
    private static async Task ActOnRegionAsync(TestHost host, string action, string done, params (string Name, string Value)[] answers)
    {
        using var browser = PageBrowser.Open(host, TestSignIn.National);
        using var posted = await PageBrowser.SendFormAsync(browser, Act + Region, $"{Act}/{action}{Region}", answers);
        var html = await posted.Content.ReadAsStringAsync();
        await host.SettledAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains($"{done}: ", html, StringComparison.Ordinal);
        Assert.Matches("recorded|pending", Outcome(html, TestData.System));
        Assert.Matches("recorded|pending", Outcome(html, TestData.Peer));
        Assert.DoesNotContain($"data-system=\"{TestData.OtherSystem}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extend_OnARegion_MovesEachSelectedSystemsDueDateAndNobodyElses()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync();
        using var browser = PageBrowser.Open(host, TestSignIn.National);

        var page = await browser.GetStringAsync(Act + Region);
        using var posted = await PageBrowser.SendFormAsync(browser, Act + Region, $"{Act}/extend{Region}", Extension);
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Contains("This filter selects 2 systems you may act on.", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-system=\"{TestData.OtherSystem}\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Matches("recorded|pending", Outcome(html, TestData.System));
        Assert.Matches("recorded|pending", Outcome(html, TestData.Peer));
        Assert.DoesNotContain($"data-system=\"{TestData.OtherSystem}\"", html, StringComparison.Ordinal);
        var extended = TestData.London(10, 11, 17);
        await TestHost.WaitForAsync("both systems' new due date on the status rows", async () =>
        {
            var rows = await host.StatusRowsAsync();
            return DraftDue(rows, TestData.System) == extended && DraftDue(rows, TestData.Peer) == extended;
        });
        Assert.Equal(TestData.London(9, 27, 17), DraftDue(await host.StatusRowsAsync(), TestData.OtherSystem));
    }

    [Fact]
    public async Task Extend_TheSameFormPostedTwice_AppliesOncePerSystem()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync();
        using var browser = PageBrowser.Open(host, TestSignIn.National);
        var fields = PageBrowser.Drawn(await browser.GetStringAsync(Act + Region));
        fields.AddRange(Extension.Select(a => new KeyValuePair<string, string>(a.Item1, a.Item2)));

        using var first = await browser.PostAsync($"{Act}/extend{Region}", new FormUrlEncodedContent(fields));
        await host.SettledAsync(TestData.System, TestData.Peer);
        using var second = await browser.PostAsync($"{Act}/extend{Region}", new FormUrlEncodedContent(fields));
        await host.SettledAsync(TestData.System, TestData.Peer);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("recorded", Outcome(await second.Content.ReadAsStringAsync(), TestData.System));
        foreach (var system in (string[])[TestData.System, TestData.Peer])
        {
            var journal = await host.Journal.ReadAsync(TestHost.Id(system));
            Assert.Single(journal, e => e.Event is DeadlineExtended);
        }
    }

    [Fact]
    public async Task Extend_WithABadDate_IsSentBackWithTheProblemAndRaisesNothing()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync();
        using var browser = PageBrowser.Open(host, TestSignIn.National);
        var before = await StorageSnapshot.TakeAsync(host);

        using var posted = await PageBrowser.SendFormAsync(browser, Act + Region, $"{Act}/extend{Region}",
            ("milestone", "draft"), ("newDue-day", "31"), ("newDue-month", "2"), ("newDue-year", "2019"), ("extend-reason", "Boards meet late"));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("nhsuk-error-summary", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#newDue-day\">The new due date must be a real date", html, StringComparison.Ordinal);
        Assert.Contains("value=\"31\"", html, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }

    [Fact]
    public async Task Act_ADirector_OnlyInTheirOwnRegion()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync();
        using var director = PageBrowser.Open(host, Director);
        using var pmo = PageBrowser.Open(host, new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]));
        var before = await StorageSnapshot.TakeAsync(host);

        var own = await director.GetStringAsync(Act);
        using var elsewhere = await director.GetAsync(Act + NorthWest);
        using var posted = await director.PostAsync($"{Act}/suspend{NorthWest}", new FormUrlEncodedContent([new("suspend-reason", "checking"), new("key", "abc")]));
        using var byPmo = await pmo.GetAsync(Act);

        Assert.Contains($"data-system=\"{TestData.System}\"", own, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-system=\"{TestData.OtherSystem}\"", own, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Contains("it is not your region", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byPmo.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }

    [Fact]
    public async Task Suspend_OneAlreadySuspended_IsListedAsRefusedWithCoresReasonTheOtherIsDone()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await ControlAsync(host, "suspend", TestData.System);
        using var browser = PageBrowser.Open(host, TestSignIn.National);

        using var posted = await PageBrowser.SendFormAsync(browser, Act + Region, $"{Act}/suspend{Region}", ("suspend-reason", "Purdah"));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("refused", Outcome(html, TestData.System));
        Assert.Contains("This cannot be done now: the instance is suspended already.", html, StringComparison.Ordinal);
        Assert.Matches("recorded|pending", Outcome(html, TestData.Peer));
    }

    [Fact]
    public async Task Resume_OnARegion_ResumesEachSelectedSystemAndNobodyElses()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await ControlAsync(host, "suspend", TestData.System, TestData.Peer, TestData.OtherSystem);

        await ActOnRegionAsync(host, "resume", "Resumed");

        var rows = await host.StatusRowsAsync();
        foreach (var system in (string[])[TestData.System, TestData.Peer])
        {
            Assert.False(Row(rows, system).Suspended);
            Assert.Single(await host.Journal.ReadAsync(TestHost.Id(system)), e => e.Event is Resumed);
        }
        Assert.True(Row(rows, TestData.OtherSystem).Suspended);
        Assert.DoesNotContain(await host.Journal.ReadAsync(TestHost.Id(TestData.OtherSystem)), e => e.Event is Resumed);
    }

    [Fact]
    public async Task Withdraw_AsksToConfirmFirstAndRaisesNothingUntilThen()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync();
        using var browser = PageBrowser.Open(host, TestSignIn.National);
        var before = await StorageSnapshot.TakeAsync(host);

        using var posted = await PageBrowser.SendFormAsync(browser, Act + Region, $"{Act}/withdraw{Region}", ("withdraw-reason", "Merged"));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("id=\"confirm-withdraw\"", html, StringComparison.Ordinal);
        Assert.Contains("All 2 systems listed will be withdrawn", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"confirm\" value=\"yes\">", html, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }

    [Fact]
    public async Task Withdraw_Confirmed_WithdrawsEachSelectedSystemAndNobodyElse()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync();

        await ActOnRegionAsync(host, "withdraw", "Withdrawn", ("withdraw-reason", "Merged"), ("confirm", "yes"));

        var rows = await host.StatusRowsAsync();
        foreach (var system in (string[])[TestData.System, TestData.Peer])
        {
            Assert.Equal(Stage.Withdrawn, Row(rows, system).Stage);
            var withdrawn = Assert.IsType<Withdrawn>(Assert.Single(await host.Journal.ReadAsync(TestHost.Id(system)), e => e.Event is Withdrawn).Event);
            Assert.Equal(("Merged", TestSignIn.National.Email), (withdrawn.Reason, withdrawn.By));
        }
        Assert.NotEqual(Stage.Withdrawn, Row(rows, TestData.OtherSystem).Stage);
        Assert.DoesNotContain(await host.Journal.ReadAsync(TestHost.Id(TestData.OtherSystem)), e => e.Event is Withdrawn);
    }

    [Fact]
    public async Task Resend_OnARegion_SendsAgainTheSelectedSystemsFailedMailOnly()
    {
        string[] failing = [Timetable(TestData.System), Timetable(TestData.OtherSystem)];
        var refused = new ConcurrentDictionary<string, bool>(failing.ToDictionary(id => id, _ => true));
        var sender = new Mock<IMessageSender>();
        // Each of those timetables is refused the first time only, as a mailbox put right after the failure would be.
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((OutboundMessage m, CancellationToken _) => refused.TryRemove(m.Id, out var _)
                ? new SendResult(SendOutcome.Rejected, "SendGrid answered 400 BadRequest: invalid address")
                : SendResult.Sent);
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.Opening) { Sender = _ => sender.Object });
        await TestHost.WaitForAsync("both refused timetables to be listed as failed", async () =>
        {
            var rows = await host.StatusRowsAsync();
            return Row(rows, TestData.System).Undelivered == 1 && Row(rows, TestData.OtherSystem).Undelivered == 1;
        });
        using var browser = PageBrowser.Open(host, TestSignIn.National);

        var page = await browser.GetStringAsync(Act + Region);
        using var posted = await PageBrowser.SendFormAsync(browser, Act + Region, $"{Act}/resend{Region}");
        var html = await posted.Content.ReadAsStringAsync();
        await TestHost.WaitForAsync("the system's timetable to be sent again", () => host.State.Sent.Count(Timetable(TestData.System)) == 1);
        await host.SettledAsync();

        Assert.Contains("1 of these systems have messages that did not reach everyone.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Matches("recorded|pending", Outcome(html, TestData.System));
        Assert.Equal("refused", Outcome(html, TestData.Peer));
        Assert.Contains("This cannot be done now: there is nothing of the kind to do for it.", html, StringComparison.Ordinal);
        var rows = await host.StatusRowsAsync();
        Assert.Equal(0, Row(rows, TestData.System).Undelivered);
        Assert.Equal(1, Row(rows, TestData.OtherSystem).Undelivered);
        Assert.Equal(0, host.State.Sent.Count(Timetable(TestData.OtherSystem)));
        Assert.Equal(1, host.State.Sent.Count(Timetable(TestData.Peer)));
        Assert.Single(await host.Journal.ReadAsync(TestHost.Id(TestData.System)), e => e.Event is ResendRequested);
    }

    [Fact]
    public async Task Page_AFilterThatSelectsNobody_SaysSoAndOffersNoForm()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync();
        using var browser = PageBrowser.Open(host, TestSignIn.National);

        var html = await browser.GetStringAsync($"{Act}{Region}&only=suspended");
        var dashboard = await browser.GetStringAsync($"/dashboard/{TestData.Round}{Region}");

        Assert.Contains("This filter selects no system you may act on", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Act}{Region}\" id=\"act\">Act on these 2 systems</a>", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_AFilterThatSelectsNobodyByTheTimeItIsPosted_IsAConflictAndWritesNothing()
    {
        var suspendedOnly = $"{Region}&only=suspended";
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await ControlAsync(host, "suspend", TestData.System);
        using var browser = PageBrowser.Open(host, TestSignIn.National);
        var page = await browser.GetStringAsync(Act + suspendedOnly);
        await ControlAsync(host, "resume", TestData.System);
        var before = await StorageSnapshot.TakeAsync(host);

        using var posted = await browser.PostAsync($"{Act}/resume{suspendedOnly}", new FormUrlEncodedContent(PageBrowser.Drawn(page)));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Contains("This filter selects 1 system you may act on.", page, StringComparison.Ordinal);
        Assert.Contains("id=\"resume-form\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, posted.StatusCode);
        Assert.Contains("This filter selects no system you may act on, so there is nothing to do here.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", html, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }
}
