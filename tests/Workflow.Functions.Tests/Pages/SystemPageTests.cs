using System.Net;
using System.Text.RegularExpressions;
using Workflow.Core.Access;
using Workflow.Functions.Pages;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Pages;

/// <summary>A system's page on the running service: what it shows, and its forms as a browser sends them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SystemPageTests(AzuriteFixture azurite)
{
    private static readonly string Page = $"/dashboard/{TestData.Round}/systems/{TestData.System}";

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private static readonly ClientPrincipal Pmo = new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]);

    [GeneratedRegex(@"<input type=""hidden"" name=""(__RequestVerificationToken[^""]*)"" value=""([^""]+)""")]
    private static partial Regex TokenField();

    [GeneratedRegex(@"<input type=""hidden"" name=""key"" value=""([^""]+)""")]
    private static partial Regex KeyField();

    /// <summary>A browser signed in as <paramref name="who"/>: cookies kept, redirects not followed.</summary>
    private static HttpClient Browser(TestHost host, ClientPrincipal who)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };
        browser.DefaultRequestHeaders.SignIn(who);
        return browser;
    }

    /// <summary>Opens the page and sends one of its forms with the page's token and key, and the answers given.</summary>
    private static async Task<HttpResponseMessage> SendFormAsync(HttpClient browser, string path, string action, params (string Name, string Value)[] answers)
    {
        var html = await browser.GetStringAsync(path);
        var token = TokenField().Match(html);
        Assert.True(token.Success, html);
        var fields = new List<KeyValuePair<string, string>>
        {
            new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)),
            new("key", KeyField().Match(html).Groups[1].Value),
        };
        fields.AddRange(answers.Select(a => new KeyValuePair<string, string>(a.Name, a.Value)));
        return await browser.PostAsync($"{path}/{action}", new FormUrlEncodedContent(fields));
    }

    private static string DraftRow(string html) =>
        Regex.Match(html, "<tr class=\"nhsuk-table__row\" data-milestone=\"draft\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;

    [Fact]
    public async Task Page_MidRound_ShowsTheSystemItsTimelineMessagesAndNextPrompt()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);
        using var browser = Browser(host, TestSignIn.National);

        var html = await browser.GetStringAsync(Page);

        Assert.Contains("North East and Yorkshire", html, StringComparison.Ordinal);
        Assert.Contains("pmo.e54000005@example.org", html, StringComparison.Ordinal);
        // The draft is due Friday 27 September at 5pm, not yet in.
        Assert.Contains("Friday 27 September 2019, 5pm", DraftRow(html), StringComparison.Ordinal);
        Assert.Contains("data-command=", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"nhsuk-table__cell\">Timetable</td>", html, StringComparison.Ordinal);
        Assert.Matches("nhsuk-tag--(blue|green|grey)\">(Sent|Delivered|Pending)</strong>", html);
        // The next four the instance would send if nobody acts, as the forecast has them.
        var next = Regex.Matches(html, "<li data-coming=\"[^\"]+\">(.*?)</li>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(SystemView.ComingShown, next.Count);
        Assert.All(next, line => Assert.Matches(@"^[A-Z][a-z ]+, \w+day \d+ \w+ 2019, ", line));
        Assert.Contains("Extend a deadline", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extension_ThroughTheForm_MovesTheDateShownAndSaysSo()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);
        using var browser = Browser(host, Director);

        using var posted = await SendFormAsync(browser, Page, "extend",
            ("milestone", "draft"), ("newDue-day", "11"), ("newDue-month", "10"), ("newDue-year", "2019"), ("extend-reason", "Board meets late"));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith($"{Page}?done=", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var html = "";
        await TestHost.WaitForAsync("the new date on the page", async () =>
        {
            html = await browser.GetStringAsync($"{Page}?done=extend");
            return DraftRow(html).Contains("Friday 11 October 2019, 5pm", StringComparison.Ordinal);
        });
        Assert.Contains("Friday 27 September 2019, 5pm", DraftRow(html), StringComparison.Ordinal);
        Assert.Contains("The deadline has been extended.", html, StringComparison.Ordinal);
        Assert.Contains("Extended</strong>", DraftRow(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extension_WithProblems_ListsEveryOneAndChangesNothing()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);
        using var browser = Browser(host, TestSignIn.National);
        var before = await StorageSnapshot.TakeAsync(host);

        using var posted = await SendFormAsync(browser, Page, "extend",
            ("milestone", "draft"), ("newDue-day", "31"), ("newDue-month", "2"), ("newDue-year", "2019"), ("extend-reason", " "));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("nhsuk-error-summary", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#newDue-day\">The new due date must be a real date", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#extend-reason\">Enter a reason</a>", html, StringComparison.Ordinal);
        // What was typed is kept for correcting.
        Assert.Contains("value=\"31\"", html, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }

    [Fact]
    public async Task Actions_OnlyForThoseWhoMayAct_APmoOrAnotherRegionsDirectorIsRefused()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        using var national = Browser(host, TestSignIn.National);
        using var pmo = Browser(host, Pmo);
        using var director = Browser(host, Director);
        var other = $"/dashboard/{TestData.Round}/systems/{TestData.OtherSystem}";
        var form = new FormUrlEncodedContent([new("suspend-reason", "checking"), new("key", "abc")]);

        var ownPage = await pmo.GetStringAsync(Page);
        using var pmoOther = await pmo.PostAsync($"{other}/suspend", form);
        using var pmoOwn = await pmo.PostAsync($"{Page}/suspend", form);
        using var directorOther = await director.PostAsync($"{other}/suspend", form);
        using var directorSees = await director.GetAsync(other);
        using var unknown = await national.GetAsync($"/dashboard/{TestData.Round}/systems/E54000099");

        Assert.DoesNotContain("<form method=\"post\"", ownPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Extend a deadline", ownPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, pmoOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pmoOwn.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, directorOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, directorSees.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Form_WithAForgedToken_IsRefusedAndChangesNothing()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);
        using var browser = Browser(host, TestSignIn.National);
        var html = await browser.GetStringAsync(Page);
        var token = TokenField().Match(html);
        var before = await StorageSnapshot.TakeAsync(host);

        using var posted = await browser.PostAsync($"{Page}/suspend", new FormUrlEncodedContent(
            [new(token.Groups[1].Value, "CfDJ8forged" + new string('A', 80)), new("key", "forged"), new("suspend-reason", "forged")]));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("This form has expired", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }

    [Fact]
    public async Task NewLink_ThroughTheForm_MailsThePersonOnceAndSaysSo()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);
        using var browser = Browser(host, Director);
        var html = await browser.GetStringAsync(Page);
        var token = TokenField().Match(html);
        var form = new FormUrlEncodedContent([
            new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)), new("key", KeyField().Match(html).Groups[1].Value),
            new("person", Pmo.Email), new("link-reason", "Lost the reminder")]);

        // Mid-round the PMO has the draft to submit; the director has nothing to decide yet, so is not offered.
        Assert.Contains($"<option value=\"{Pmo.Email}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{Director.Email}\"", html, StringComparison.Ordinal);
        using var posted = await browser.PostAsync($"{Page}/links/reissue", form);
        using var again = await browser.PostAsync($"{Page}/links/reissue", form);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"{Page}?done=link", posted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var sent = Assert.Single(host.Mail, m => m.Kind == "new-link");
        Assert.Equal([$"{Pmo.Name} <{Pmo.Email}>"], sent.To);
        Assert.Contains("A new link has been sent.", await browser.GetStringAsync($"{Page}?done=link"), StringComparison.Ordinal);
        var requests = await host.Client.GetStringAsync($"/api/instances/{TestData.Round}/{TestData.System}/link-requests");
        Assert.Contains("\"outcome\":\"sent\"", requests, StringComparison.Ordinal);
        Assert.Contains($"\"by\":\"{Director.Email}\"", requests, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewLink_WithoutAPersonOrReason_ListsEachProblemAndSendsNothing()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);
        using var browser = Browser(host, TestSignIn.National);
        var mailBefore = host.Mail.Count;
        var before = await StorageSnapshot.TakeAsync(host);

        using var posted = await SendFormAsync(browser, Page, "links/reissue", ("person", "nobody@example.org"), ("link-reason", " "));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("<a href=\"#person\">Select the person to send a new link to</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#link-reason\">Enter a reason</a>", html, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
        Assert.Equal(mailBefore, host.Mail.Count);
    }

    [Fact]
    public async Task NewLink_ForSomeoneWithNothingToDo_IsRefusedAndSendsNothing()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.SettledAsync(TestData.System);
        using var browser = Browser(host, TestSignIn.National);
        var mailBefore = host.Mail.Count;

        using var posted = await SendFormAsync(browser, Page, "links/reissue", ("person", Director.Email), ("link-reason", "Asked for one"));

        Assert.Equal(HttpStatusCode.Conflict, posted.StatusCode);
        Assert.Contains("Ruth Clarke has nothing to do on this system now", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(mailBefore, host.Mail.Count);
    }
}
