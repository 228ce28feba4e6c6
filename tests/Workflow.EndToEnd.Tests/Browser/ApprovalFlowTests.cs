using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.EndToEnd.Tests.Browser;

/// <summary>
/// The approval of one system's plan in real Chromium, as people do it: from the "Sent mail" page (the local
/// stand-in for their inboxes), each through the personal link in their own e-mail. The PMO submits the final plan
/// from a reminder; the regional director agrees it from the approval request; the PMO is told. A screenshot of
/// each step is kept under TestResults/screenshots/approval-flow in the repository.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class ApprovalFlowTests(AzuriteFixture azurite, BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>West Yorkshire and Harrogate, in North East and Yorkshire.</summary>
    private const string System = "E54000005";
    private const string SystemName = "West Yorkshire and Harrogate (Health and Care Partnership)";

    /// <summary>The NHS.UK header's blue, rgb(0, 94, 184): the styles were loaded and applied.</summary>
    private const string NhsBlue = "rgb(0, 94, 184)";

    private static readonly string Screenshots = Path.Combine(BrowserFixture.ScreenshotFolder, "approval-flow");

    private AppHost _host = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private int _shot;
    private readonly global::System.Collections.Concurrent.ConcurrentBag<string> _elsewhere = [];

    [Fact]
    public async Task FinalPlanSubmittedFromAReminderThenAgreedFromTheApprovalRequest_PmoToldOfTheAgreement()
    {
        var pmo = _host.Pmo(System);
        var director = _host.Director(System);

        // The PMO's reminder, a week before the final plan is due (the draft is in): the clock moves on to that morning's
        // send time, and the instance sends it on its own.
        await _host.SubmitAsync(System, "draft");
        await _host.AdvanceClockAsync(AppHost.London(2019, 11, 8, 9, 0));
        await _host.MailAsync(m => m.Kind == "reminder" && m.Instance == $"{AppHost.Round}|{System}" && m.Milestone == "final" && m.To.Any(t => t.Contains(pmo.Email, StringComparison.Ordinal)));

        // PMO: Sent mail → their reminder → their link → the system page → the final plan, given as a link.
        await GoToAsync("/mail");
        await ExpectHeadingAsync("Sent mail");
        await ShotAsync("sent-mail");
        await SearchMailAsync(pmo.Email);
        await ShotAsync("sent-mail-to-pmo");
        await _page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^Reminder: final system plan due .* — {Regex.Escape(SystemName)}") }).ClickAsync();
        await ExpectHeadingAsync(new Regex("^Reminder: final system plan due Friday 15 November 2019"));
        Assert.Contains("reminder", await SummaryValueAsync("Kind"), StringComparison.Ordinal);
        await ShotAsync("reminder-mail");
        await _page.GetByTestId("personal-link").ClickAsync();
        await ExpectHeadingAsync(SystemName);
        await Assertions.Expect(_page.GetByText($"Signed in through your personal link as {pmo.Name} ({pmo.Email}).")).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Submit the final system plan" })).ToBeVisibleAsync();
        await ShotAsync("system-page");
        await _page.GetByLabel("Or give the web address where it is held").FillAsync("https://plans.example.org/west-yorkshire/final-plan-2019-20.pdf");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await ExpectHeadingAsync("Recorded");
        await Assertions.Expect(_page.GetByText($"{SystemName}'s final system plan has been received.")).ToBeVisibleAsync();
        await ShotAsync("final-plan-recorded");
        var submitted = await _host.InstanceAsync(System);
        Assert.Equal(("awaiting-agreement", 1), (submitted.Stage, submitted.PlanVersion));
        Assert.Contains("https://plans.example.org/west-yorkshire/final-plan-2019-20.pdf", submitted.HistoryJson, StringComparison.Ordinal);

        // Director: Sent mail → the approval request → their link → the decision page, which only shows.
        await _host.MailAsync(m => m.Kind == "approval-request" && m.Instance == $"{AppHost.Round}|{System}");
        await GoToAsync("/mail");
        await SearchMailAsync(director.Email);
        await ShotAsync("sent-mail-to-director");
        await _page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^Please agree: final plan \\(version 1\\) by .* — {Regex.Escape(SystemName)}") }).ClickAsync();
        await ExpectHeadingAsync(new Regex(@"^Please agree: final plan \(version 1\)"));
        Assert.Equal("approval-request", await SummaryValueAsync("Kind"));
        await ShotAsync("approval-request-mail");
        await _page.GetByTestId("personal-link").ClickAsync();
        await ExpectHeadingAsync($"Agree {SystemName}'s plan");
        Assert.Equal("1", await SummaryValueAsync("Plan version"));
        // When the PMO sent it (the clock runs on from 9:00 that Friday morning).
        var submittedAt = Assert.Single(submitted.Events("PlanSubmitted"), e => e.GetProperty("milestone").GetString() == "final").GetProperty("at").GetDateTimeOffset();
        Assert.InRange(submittedAt, AppHost.London(2019, 11, 8, 9, 0), AppHost.London(2019, 11, 8, 9, 30));
        Assert.Equal(AppHost.Shown(submittedAt), await SummaryValueAsync("Submitted"));
        Assert.Equal("Friday 22 November 2019, 5pm", await SummaryValueAsync("Decision due"));
        Assert.Equal($"{director.Name} ({director.Email})", await SummaryValueAsync("You"));
        await Assertions.Expect(_page.GetByRole(AriaRole.Link, new() { Name = "Open version 1 of the plan" })).ToBeVisibleAsync();
        await ShotAsync("decision-page");
        // Nothing on the page acts by itself: no script, nothing chosen, and after a while still nothing recorded.
        Assert.Equal(0, await _page.Locator("script").CountAsync());
        Assert.False(await _page.GetByLabel("Agree the plan").IsCheckedAsync());
        Assert.False(await _page.GetByLabel("Ask for changes").IsCheckedAsync());
        await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await _page.WaitForTimeoutAsync(1000);
        Assert.Equal($"Agree {SystemName}'s plan", (await _page.Locator("h1").InnerTextAsync()).Trim());
        var shown = await _host.InstanceAsync(System);
        Assert.True(submitted.SameAs(shown), $"Showing the decision page recorded something: {shown}");
        await AssertAccessibleAsync("decision page");

        // Sent without a choice, the page comes back with what to correct, linked to the choice.
        await _page.GetByLabel("Comment").FillAsync("Well set out.");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is a problem");
        await ExpectHeadingAsync($"Agree {SystemName}'s plan");
        await Assertions.Expect(_page).ToHaveTitleAsync(new Regex("^Error: "));
        Assert.Equal("Well set out.", await _page.GetByLabel("Comment").InputValueAsync());
        await ShotAsync("decision-sent-without-a-choice");
        await AssertAccessibleAsync("decision page sent back");
        await _page.GetByRole(AriaRole.Link, new() { Name = "Choose whether to agree the plan or ask for changes" }).ClickAsync();
        await Assertions.Expect(_page.GetByLabel("Agree the plan")).ToBeFocusedAsync();
        Assert.True(submitted.SameAs(await _host.InstanceAsync(System)), "Sending the form without a choice recorded something.");

        // The director agrees.
        await _page.GetByLabel("Agree the plan").CheckAsync();
        await ShotAsync("decision-chosen");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await ExpectHeadingAsync("Recorded");
        await Assertions.Expect(_page.GetByText($"You agreed version 1 of {SystemName}'s plan. The system's PMO has been told.")).ToBeVisibleAsync();
        await ShotAsync("decision-recorded");
        var agreed = await _host.InstanceAsync(System);
        Assert.Equal("agreed", agreed.Stage);
        var decision = Assert.Single(agreed.Decisions);
        Assert.Equal(director.Name, decision.GetProperty("by").GetString());

        // Going back and sending the form again records nothing more.
        await _page.GoBackAsync();
        await _page.ReloadAsync();
        await ExpectHeadingAsync("Already recorded");
        await ShotAsync("link-used");
        Assert.Single((await _host.InstanceAsync(System)).Decisions);

        // The PMO is told: the "agreed" mail is on the Sent mail page.
        await _host.MailAsync(m => m.Kind == "agreed" && m.Instance == $"{AppHost.Round}|{System}");
        await GoToAsync("/mail");
        await SearchMailAsync(pmo.Email);
        var agreedMail = _page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^Agreed: final plan \\(version 1\\) — {Regex.Escape(SystemName)}") });
        await Assertions.Expect(agreedMail).ToBeVisibleAsync();
        await ShotAsync("sent-mail-agreed");
        await agreedMail.ClickAsync();
        Assert.Equal("agreed", await SummaryValueAsync("Kind"));
        Assert.Contains(pmo.Email, await SummaryValueAsync("To"), StringComparison.Ordinal);
        await ShotAsync("agreed-mail");
        output.WriteLine($"Screenshots: {Screenshots}");
        // Nothing but the styles' fonts was asked of another site (a link page's address carries a personal token).
        Assert.All(_elsewhere, url => Assert.StartsWith("https://assets.nhs.uk/fonts/", url, StringComparison.Ordinal));
    }

    public async Task InitializeAsync()
    {
        if (Directory.Exists(Screenshots))
        {
            Directory.Delete(Screenshots, recursive: true);
        }
        Directory.CreateDirectory(Screenshots);
        // The browser starts while the service does; the service has this region's systems only, so its Sent mail is short.
        var launching = browser.BrowserAsync();
        _host = await AppHost.StartAsync(azurite, AppHost.London(2019, 11, 7, 10, 0), systems: [System, "E54000006", "E54000009", "E54000049"]);
        _context = await (await launching).NewContextAsync(new() { BaseURL = _host.BaseAddress.ToString(), ViewportSize = new() { Width = 1024, Height = 800 } });
        _context.SetDefaultTimeout(20_000);
        // Only the service is reached: the NHS.UK styles ask for their fonts from assets.nhs.uk, which the tests must not
        // depend on (nor wait for); the pages fall back to Arial, as the styles intend.
        var origin = _host.BaseAddress.GetLeftPart(UriPartial.Authority);
        await _context.RouteAsync(url => !url.StartsWith(origin + "/", StringComparison.Ordinal), route =>
        {
            _elsewhere.Add(route.Request.Url);
            return route.AbortAsync("blockedbyclient");
        });
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
        if (_host is not null)
        {
            var errors = _host.Errors.ToList();
            await _host.DisposeAsync();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }

    private async Task GoToAsync(string path)
    {
        var response = await _page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"GET {path}: {response?.Status}");
    }

    private async Task SearchMailAsync(string text)
    {
        await _page.GetByLabel("Subject or address contains").FillAsync(text);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await _page.WaitForURLAsync(new Regex(@"/mail\?q="));
        await Assertions.Expect(_page.Locator("tbody tr").First).ToBeVisibleAsync();
    }

    private Task ExpectHeadingAsync(string heading) =>
        Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync(heading);

    private Task ExpectHeadingAsync(Regex heading) =>
        Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync(heading);

    private async Task<string> SummaryValueAsync(string key) =>
        (await _page.Locator(".nhsuk-summary-list__row").Filter(new() { Has = _page.Locator("dt", new() { HasTextString = key }) })
            .Locator("dd").InnerTextAsync()).Trim();

    /// <summary>A full-page screenshot, numbered in order; each also proves the NHS.UK styles were applied.</summary>
    private async Task ShotAsync(string name)
    {
        await _page.WaitForLoadStateAsync(LoadState.Load);
        await Assertions.Expect(_page.Locator(".nhsuk-header")).ToHaveCSSAsync("background-color", NhsBlue);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{++_shot:D2}-{name}.png"), FullPage = true });
    }

    private Task AssertAccessibleAsync(string what) => Axe.AssertAccessibleAsync(_page, what, output);
}
