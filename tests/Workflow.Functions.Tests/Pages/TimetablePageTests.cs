using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Workflow.Core.Access;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Pages;

/// <summary>
/// The national team's timetable page on the running service: dates previewed with what they move for every system,
/// then confirmed, exactly as previewed and once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class TimetablePageTests(AzuriteFixture azurite)
{
    private static readonly string Page = $"/dashboard/{TestData.Round}/timetable";

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private static readonly ClientPrincipal Pmo = new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]);

    [GeneratedRegex(@"<input type=""hidden"" name=""(__RequestVerificationToken[^""]*)"" value=""([^""]+)""")]
    private static partial Regex TokenField();

    [GeneratedRegex(@"name=""([a-z-]+-(?:due|opens)-(?:day|month|year))"" type=""text"" inputmode=""numeric"" value=""([^""]*)""")]
    private static partial Regex DateBox();

    /// <summary>A browser signed in as <paramref name="who"/>: cookies kept, redirects not followed.</summary>
    private static HttpClient Browser(TestHost host, ClientPrincipal who)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };
        browser.DefaultRequestHeaders.SignIn(who);
        return browser;
    }

    private static KeyValuePair<string, string> Token(string html)
    {
        var token = TokenField().Match(html);
        Assert.True(token.Success, html);
        return new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value));
    }

    /// <summary>Opens the page and previews its dates as they are, but for the boxes <paramref name="changes"/> sets.</summary>
    private static async Task<HttpResponseMessage> PreviewAsync(HttpClient browser, params (string Name, string Value)[] changes)
    {
        var html = await browser.GetStringAsync(Page);
        var fields = DateBox().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value), StringComparer.Ordinal);
        Assert.NotEmpty(fields);
        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }
        return await browser.PostAsync(Page, new FormUrlEncodedContent([Token(html), new("action", "preview"), .. fields]));
    }

    /// <summary>The confirm button's form as the preview page drew it.</summary>
    private static FormUrlEncodedContent ConfirmForm(string preview) =>
        new([Token(preview), new("action", "confirm"), new("proposal", PageBrowser.Hidden(preview, "proposal"))]);

    private static string SystemRow(string html, string system) =>
        Regex.Match(html, $"<tr class=\"nhsuk-table__row\" data-system=\"{system}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;

    private static string DraftRow(string html) =>
        Regex.Match(html, "<tr class=\"nhsuk-table__row\" data-milestone=\"draft\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;

    /// <summary>Mid-September, with <see cref="TestData.System"/>'s draft in and the other two still drafting.</summary>
    private async Task<TestHost> StartAsync()
    {
        var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        await host.SettledAsync();
        return host;
    }

    private static async Task<int> VersionAsync(TestHost host) => (await host.GetJsonAsync($"/api/rounds/{TestData.Round}")).GetProperty("version").GetInt32();

    [Fact]
    public async Task Page_ShowsEachFixedMilestonesDateInDateBoxes()
    {
        await using var host = await StartAsync();
        using var browser = Browser(host, TestSignIn.National);

        var html = await browser.GetStringAsync(Page);

        Assert.Contains("Due Friday 27 September 2019, 5pm now.", html, StringComparison.Ordinal);
        Assert.Contains("Due Friday 15 November 2019, 5pm now.", html, StringComparison.Ordinal);
        Assert.Contains("Opens Monday 7 October 2019, 9am now.", html, StringComparison.Ordinal);
        var boxes = DateBox().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        Assert.Equal(("27", "9", "2019"), (boxes["draft-due-day"], boxes["draft-due-month"], boxes["draft-due-year"]));
        Assert.Equal("7", boxes["peer-review-opens-day"]);
        Assert.DoesNotContain("agreement-due-day", boxes.Keys);
        Assert.DoesNotContain("name=\"proposal\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_ShowsWhatMovesForEverySystem_AndChangesNothing()
    {
        await using var host = await StartAsync();
        using var browser = Browser(host, TestSignIn.National);
        await browser.GetStringAsync(Page);
        var before = await StorageSnapshot.TakeAsync(host);

        using var posted = await PreviewAsync(browser, ("draft-due-day", "4"), ("draft-due-month", "10"));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("What version 2 would move", html, StringComparison.Ordinal);
        // The two still drafting move; the one whose draft is in keeps its dates.
        var peer = SystemRow(html, TestData.Peer);
        Assert.Contains("Draft (initial) system plan: Friday 27 September 2019, 5pm to Friday 4 October 2019, 5pm", peer, StringComparison.Ordinal);
        Assert.Contains("Timetable changed", peer, StringComparison.Ordinal);
        Assert.Contains("/draft/remind-1@20191004T1600", peer, StringComparison.Ordinal);
        Assert.Contains("Draft (initial) system plan: Friday 27 September 2019, 5pm to Friday 4 October 2019, 5pm", SystemRow(html, TestData.OtherSystem), StringComparison.Ordinal);
        Assert.Empty(SystemRow(html, TestData.System));
        Assert.Contains("No dates move for West Yorkshire and Harrogate (Health and Care Partnership).", html, StringComparison.Ordinal);
        Assert.Contains("2 of the 3 systems running would have dates that move", html, StringComparison.Ordinal);
        // The boxes keep the dates previewed, and the confirm button carries them.
        Assert.Contains("name=\"draft-due-day\" type=\"text\" inputmode=\"numeric\" value=\"4\"", html, StringComparison.Ordinal);
        Assert.NotEmpty(PageBrowser.Hidden(html, "proposal"));

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
        Assert.Equal(1, await VersionAsync(host));
    }

    [Fact]
    public async Task Confirm_AppliesThePreviewedChange_AndTheSystemsDatesMove()
    {
        await using var host = await StartAsync();
        using var browser = Browser(host, TestSignIn.National);
        using var preview = await PreviewAsync(browser, ("draft-due-day", "4"), ("draft-due-month", "10"));

        using var confirmed = await browser.PostAsync(Page, ConfirmForm(await preview.Content.ReadAsStringAsync()));

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var back = confirmed.Headers.Location!.OriginalString;
        Assert.Matches($"^{Regex.Escape(Page)}\\?done=(changed|pending)&moved=2$", back);
        var page = await browser.GetStringAsync(back);
        Assert.Matches("The timetable (has changed: 2 systems moved|is being applied: 2 systems will move)", page);
        Assert.Contains("The round is at version 2.", page, StringComparison.Ordinal);
        Assert.Contains("Due Friday 4 October 2019, 5pm now.", page, StringComparison.Ordinal);
        Assert.Equal(2, await VersionAsync(host));
        await TestHost.WaitForAsync("the new date on the peer's page", async () =>
            DraftRow(await browser.GetStringAsync($"/dashboard/{TestData.Round}/systems/{TestData.Peer}")).Contains("Friday 4 October 2019, 5pm", StringComparison.Ordinal));
        await host.WaitForMailAsync("the peer's PMO told", mail => mail.Any(m => m.Instance == TestData.InstanceId(TestData.Peer) && m.Kind == "timetable-changed"));
    }

    [Fact]
    public async Task Confirm_SentTwice_AppliesOnce()
    {
        await using var host = await StartAsync();
        using var browser = Browser(host, TestSignIn.National);
        using var preview = await PreviewAsync(browser, ("final-due-day", "22"));
        var html = await preview.Content.ReadAsStringAsync();

        using var first = await browser.PostAsync(Page, ConfirmForm(html));
        using var again = await browser.PostAsync(Page, ConfirmForm(html));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(first.Headers.Location!.OriginalString.Replace("pending", "changed", StringComparison.Ordinal),
            again.Headers.Location!.OriginalString.Replace("pending", "changed", StringComparison.Ordinal));
        Assert.Equal(2, await VersionAsync(host));
        await host.WaitForMailAsync("every PMO told", mail => mail.Count(m => m.Kind == "timetable-changed") == host.Systems.Count);
        await host.SettledAsync();
        var changed = host.Mail.Where(m => m.Kind == "timetable-changed").Select(m => m.Id).ToList();
        Assert.Equal(host.Systems.Count, changed.Distinct().Count());
        Assert.All(changed, id => Assert.Equal(1, host.State.Sent.Count(id)));
    }

    [Fact]
    public async Task Confirm_AfterTheRoundChangedMeanwhile_IsRefusedAndPreviewedAgain()
    {
        await using var host = await StartAsync();
        using var browser = Browser(host, TestSignIn.National);
        using var preview = await PreviewAsync(browser, ("draft-due-day", "4"), ("draft-due-month", "10"));
        var html = await preview.Content.ReadAsStringAsync();
        using (var change = await host.Client.PutAsync($"/api/rounds/{TestData.Round}/timetable",
            new StringContent(TestData.ChangedRound(2, ("final", "2019-11-22T17:00")), Encoding.UTF8, "application/json")))
        {
            Assert.True(change.IsSuccessStatusCode);
        }

        using var confirmed = await browser.PostAsync(Page, ConfirmForm(html));
        var again = await confirmed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, confirmed.StatusCode);
        Assert.Contains("The timetable was changed by someone else after you previewed yours", again, StringComparison.Ordinal);
        Assert.Contains("What version 3 would move", again, StringComparison.Ordinal);
        Assert.Contains("Friday 27 September 2019, 5pm to Friday 4 October 2019, 5pm", SystemRow(again, TestData.Peer), StringComparison.Ordinal);
        Assert.Equal(2, await VersionAsync(host));

        using var tampered = await browser.PostAsync(Page, new FormUrlEncodedContent([Token(again), new("action", "confirm"), new("proposal", "CfDJ8" + new string('A', 120))]));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("The change to confirm could not be read", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var confirmedAgain = await browser.PostAsync(Page, ConfirmForm(again));
        Assert.Equal(HttpStatusCode.Redirect, confirmedAgain.StatusCode);
        Assert.Equal(3, await VersionAsync(host));
    }

    [Fact]
    public async Task Preview_WithBadDates_ListsEveryProblemAndChangesNothing()
    {
        await using var host = await StartAsync();
        using var browser = Browser(host, TestSignIn.National);
        await browser.GetStringAsync(Page);
        var before = await StorageSnapshot.TakeAsync(host);

        using var unreadable = await PreviewAsync(browser, ("draft-due-day", "31"), ("draft-due-month", "2"), ("final-due-day", ""), ("final-due-month", ""), ("final-due-year", ""));
        var html = await unreadable.Content.ReadAsStringAsync();
        using var weekend = await PreviewAsync(browser, ("draft-due-day", "28"));
        var saturday = await weekend.Content.ReadAsStringAsync();
        using var unchanged = await PreviewAsync(browser);

        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("nhsuk-error-summary", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#draft-due-day\">The due date for Draft (initial) system plan must be a real date, like 27 9 2019</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#final-due-day\">Enter the due date for Final system plan</a>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"draft-due-day\" type=\"text\" inputmode=\"numeric\" value=\"31\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"proposal\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, weekend.StatusCode);
        Assert.Contains("<a href=\"#draft-due-day\">Draft (initial) system plan: Saturday 28 Sep 2019 is not a working day in England</a>", saturday, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unchanged.StatusCode);
        Assert.Contains("Change at least one date", await unchanged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
        Assert.Equal(1, await VersionAsync(host));
    }

    [Fact]
    public async Task Page_ForTheNationalTeamAlone_OthersAreRefusedAndOnlyTheyAreLinkedToIt()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        using var national = Browser(host, TestSignIn.National);
        using var director = Browser(host, Director);
        using var pmo = Browser(host, Pmo);
        using var nobody = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };
        var before = await StorageSnapshot.TakeAsync(host);
        var form = new FormUrlEncodedContent([new("action", "preview"), new("final-due-day", "22"), new("final-due-month", "11"), new("final-due-year", "2019")]);

        using var directorSees = await director.GetAsync(Page);
        using var directorPosts = await director.PostAsync(Page, form);
        using var pmoSees = await pmo.GetAsync(Page);
        using var signedOut = await nobody.GetAsync(Page);
        using var unknown = await national.GetAsync("/dashboard/2099-00/timetable");

        Assert.Equal(HttpStatusCode.Forbidden, directorSees.StatusCode);
        Assert.Contains("Only the national team may change a round", await directorSees.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, directorPosts.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pmoSees.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString(Page)}", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains($"<a href=\"{Page}\">Change the timetable</a>", await national.GetStringAsync($"/dashboard/{TestData.Round}"), StringComparison.Ordinal);
        Assert.DoesNotContain("Change the timetable", await director.GetStringAsync($"/dashboard/{TestData.Round}"), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }
}
