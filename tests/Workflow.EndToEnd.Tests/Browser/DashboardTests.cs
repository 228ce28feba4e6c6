using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workflow.Core.Directory;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Functions.Rounds;
using Workflow.Testing;
using Xunit.Abstractions;

namespace Workflow.EndToEnd.Tests.Browser;

/// <summary>
/// The whole round's service (42 systems in 7 regions), started once for the dashboard's browser tests, the day before
/// the final plans are due, with one system suspended so the dashboard has a count that narrows the rows.
/// </summary>
public sealed class DashboardHost(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>Greater Manchester, in North West: suspended, so "1 suspended" is there to click.</summary>
    public const string Suspended = "E54000007";

    internal AppHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await AppHost.StartAsync(azurite);
        using var response = await Host.Api.PostAsync(
            new Uri($"/api/instances/{AppHost.Round}/{Suspended}/suspend", UriKind.Relative),
            JsonContent.Create(new { by = "planning.lead@example.org", reason = "a merger under review" }));
        Assert.True(response.IsSuccessStatusCode, $"Suspending {Suspended} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await AppHost.EventuallyAsync(async () =>
        {
            using var status = JsonDocument.Parse(await Host.Api.GetStringAsync(new Uri($"/api/rounds/{AppHost.Round}/status", UriKind.Relative)));
            return status.RootElement.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("system").GetString() == Suspended && i.GetProperty("suspended").GetBoolean());
        }, "the suspension did not reach the status table");
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            var errors = Host.Errors.ToList();
            await Host.DisposeAsync();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }
}

/// <summary>
/// The dashboard in real Chromium, signed in through the development sign-in page as the national team and as a
/// regional director: what each sees, filters kept in the address, refusals, keyboard use, an extension made from a
/// system's page, and axe-core's rules on every page: the dashboard, a system's, acting on many, the timetable, the
/// calendars, the forecast, the directory, the sign-in page and the help pages. Screenshots go to TestResults/screenshots/dashboard.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DashboardTests(DashboardHost fixture, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<DashboardHost>, IAsyncLifetime
{
    private const string Dashboard = $"/dashboard/{AppHost.Round}";
    private const string National = "planning.lead@example.org";
    private const string NorthWestDirector = "director.north-west@example.org";
    private const string NorthWest = "E40000010";
    private const string NorthEastAndYorkshire = "E40000009";

    private static readonly string Screenshots = Path.Combine(BrowserFixture.ScreenshotFolder, "dashboard");

    private IBrowserContext _context = null!;
    private IPage _page = null!;

    private AppHost Host => fixture.Host;

    private SystemDirectory Directory => Host.Get<ReferenceData>().Directory;

    private ILocator Rows => _page.Locator("tbody tr[data-system]");

    [Fact]
    public async Task NationalTeam_SeesAll42SystemsIn7Regions()
    {
        await SignInAsync(National, Dashboard);

        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Where every system stands");
        await Assertions.Expect(Rows).ToHaveCountAsync(42);
        await Assertions.Expect(_page.Locator("table[data-region]")).ToHaveCountAsync(7);
        foreach (var region in Directory.Regions)
        {
            var expected = Directory.Systems.Count(s => s.Region == region.Code);
            await Assertions.Expect(_page.Locator($"table[data-region='{region.Code.Value}'] tbody tr")).ToHaveCountAsync(expected);
            await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = region.Name, Exact = true })).ToBeVisibleAsync();
        }
        await Assertions.Expect(_page.Locator("#shown")).ToHaveTextAsync("Showing 42 of 42 systems.");
        // A hundred systems a page: the whole round of 42 is one page, with no pagination under it.
        await Assertions.Expect(_page.Locator("nav.nhsuk-pagination")).ToHaveCountAsync(0);
        await ShotAsync("national");
        await AssertAccessibleAsync("national dashboard");
    }

    [Fact]
    public async Task ACountOrFilterClicked_NarrowsTheRows_KeptInTheAddressAndOnReload()
    {
        await SignInAsync(National, Dashboard);

        // The count, reached and followed with the keyboard alone.
        var count = _page.GetByRole(AriaRole.Link, new() { Name = "1 suspended" });
        await count.FocusAsync();
        await _page.Keyboard.PressAsync("Enter");
        await _page.WaitForURLAsync(new Regex(@"\?only=suspended$"));
        await Assertions.Expect(Rows).ToHaveCountAsync(1);
        await Assertions.Expect(Rows.First).ToHaveAttributeAsync("data-system", DashboardHost.Suspended);
        Assert.True(await _page.GetByLabel("Suspended", new() { Exact = true }).IsCheckedAsync());
        await ShotAsync("only-suspended");
        await _page.ReloadAsync();
        await Assertions.Expect(Rows).ToHaveCountAsync(1);
        await Assertions.Expect(Rows.First).ToHaveAttributeAsync("data-system", DashboardHost.Suspended);

        // The filter form: a region, then sent; the address carries it, and a reload shows the same rows.
        await _page.GetByRole(AriaRole.Link, new() { Name = "Clear filters" }).ClickAsync();
        await Assertions.Expect(Rows).ToHaveCountAsync(42);
        await _page.GetByLabel("Region").SelectOptionAsync(NorthEastAndYorkshire);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await _page.WaitForURLAsync(new Regex($@"\?region={NorthEastAndYorkshire}(&|$)"));
        var inRegion = Directory.Systems.Where(s => s.Region.Value == NorthEastAndYorkshire).Select(s => s.Code.Value).Order(StringComparer.Ordinal).ToList();
        await Assertions.Expect(Rows).ToHaveCountAsync(inRegion.Count);
        var shown = await SystemsShownAsync();
        Assert.Equal(inRegion, shown);
        await ShotAsync("region-filter");
        await _page.ReloadAsync();
        Assert.Equal(shown, await SystemsShownAsync());
        await AssertAccessibleAsync("filtered dashboard");
    }

    [Fact]
    public async Task RegionalDirector_SeesOnlyTheirRegion_AnotherRegionsFilterRefused()
    {
        await SignInAsync(NorthWestDirector, Dashboard);

        var theirs = Directory.Systems.Where(s => s.Region.Value == NorthWest).Select(s => s.Code.Value).Order(StringComparer.Ordinal).ToList();
        await Assertions.Expect(Rows).ToHaveCountAsync(theirs.Count);
        Assert.Equal(theirs, await SystemsShownAsync());
        await Assertions.Expect(_page.Locator("table[data-region]")).ToHaveCountAsync(1);
        // One region only: no region to choose.
        await Assertions.Expect(_page.GetByLabel("Region")).ToHaveCountAsync(0);
        await ShotAsync("north-west-director");
        await AssertAccessibleAsync("regional dashboard");

        var refused = await _page.GotoAsync($"{Dashboard}?region={NorthEastAndYorkshire}");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("You cannot use this page");
        await Assertions.Expect(_page.GetByText("You may not see North East and Yorkshire: it is not your region.")).ToBeVisibleAsync();
        await Assertions.Expect(Rows).ToHaveCountAsync(0);
        await ShotAsync("another-region-refused");
        await AssertAccessibleAsync("refusal page");
    }

    [Fact]
    public async Task AnExtension_FromTheSystemsPage_MovesTheDateShownAndTheNextPrompts()
    {
        const string System = "E54000005";
        var systemPage = $"{Dashboard}/systems/{System}";
        await SignInAsync(National, systemPage);
        var milestone = await _page.Locator("#milestone").InputValueAsync();
        var row = _page.Locator($"#timeline tr[data-milestone='{milestone}']");
        var before = await _page.Locator("#next-prompts").InnerTextAsync();

        await _page.Locator("#newDue-day").FillAsync("29");
        await _page.Locator("#newDue-month").FillAsync("11");
        await _page.Locator("#newDue-year").FillAsync("2019");
        await _page.Locator("#extend-reason").FillAsync("The board meets late this month");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Extend the deadline" }).ClickAsync();

        await _page.WaitForURLAsync(new Regex(@"\?done=(extend|pending)$"));
        // A change still on its way shows once applied: the page is the system's own, read again.
        await AppHost.EventuallyAsync(async () =>
        {
            await _page.ReloadAsync();
            return (await row.InnerTextAsync()).Contains("Friday 29 November 2019", StringComparison.Ordinal);
        }, "the extended date did not show on the system's page");
        await Assertions.Expect(row).ToContainTextAsync("Extended");
        Assert.NotEqual(before, await _page.Locator("#next-prompts").InnerTextAsync());
        await ShotAsync("extended");
        await AssertAccessibleAsync("system page after an extension");
    }

    [Theory]
    [InlineData("/systems/E54000006")]
    [InlineData("/act?region=E40000009")]
    [InlineData("/timetable")]
    [InlineData("/calendars")]
    [InlineData("/forecast")]
    public async Task SignedInPage_PassesAxe(string page)
    {
        await SignInAsync(National, Dashboard + page);

        await Assertions.Expect(_page.Locator("h1")).ToHaveCountAsync(1);
        await ShotAsync("page" + page.Split('?')[0].Replace('/', '-'));
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task DirectoryPage_PassesAxe()
    {
        await SignInAsync(National, "/dashboard/directory");

        await Assertions.Expect(_page.Locator("h1")).ToHaveCountAsync(1);
        await ShotAsync("directory");
        await AssertAccessibleAsync("directory");
    }

    [Theory]
    [InlineData("/signin", "Sign in as someone from the directory")]
    [InlineData("/help/accessibility", "Accessibility statement")]
    [InlineData("/help/privacy", "Privacy")]
    [InlineData("/help/contact", "Contact the national planning team")]
    public async Task PageOpenToAnyone_PassesAxe(string path, string heading)
    {
        var response = await _page.GotoAsync(path);

        Assert.True(response is { Ok: true }, $"GET {path}: {response?.Status}");
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync(heading);
        // The footer's help links are reached by keyboard from the page's end.
        await _page.GetByRole(AriaRole.Link, new() { Name = "Accessibility statement" }).FocusAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Link, new() { Name = "Accessibility statement" })).ToBeFocusedAsync();
        await ShotAsync(path.Trim('/').Replace('/', '-'));
        await AssertAccessibleAsync(path);
    }

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Screenshots);
        _context = await (await browser.BrowserAsync()).NewContextAsync(new() { BaseURL = Host.BaseAddress.ToString(), ViewportSize = new() { Width = 1024, Height = 800 } });
        _context.SetDefaultTimeout(20_000);
        // Only the service: the styles' fonts from assets.nhs.uk are not waited for, and the pages fall back to Arial.
        var origin = Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        await _context.RouteAsync(url => !url.StartsWith(origin + "/", StringComparison.Ordinal), route => route.AbortAsync("blockedbyclient"));
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    /// <summary>Opens <paramref name="path"/> signed out, is sent to the sign-in page, and signs in as the person.</summary>
    private async Task SignInAsync(string email, string path)
    {
        await _page.GotoAsync(path);
        await _page.WaitForURLAsync(new Regex(@"/signin\?returnUrl="));
        var person = Directory.FindContact(email)!;
        await _page.Locator($"button[name='email'][value='{email}']").ClickAsync();
        await _page.WaitForURLAsync(new Regex(Regex.Escape(path) + "$"));
        await Assertions.Expect(_page.GetByRole(AriaRole.Navigation, new() { Name = "Account" })).ToContainTextAsync(person.Name);
    }

    private async Task<List<string>> SystemsShownAsync() =>
        [.. (await Rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.system)")).Order(StringComparer.Ordinal)];

    private async Task ShotAsync(string name)
    {
        await _page.WaitForLoadStateAsync(LoadState.Load);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
    }

    private Task AssertAccessibleAsync(string what) => Axe.AssertAccessibleAsync(_page, what, output);
}
