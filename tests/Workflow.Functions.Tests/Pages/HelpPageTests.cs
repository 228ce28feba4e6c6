using System.Net;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Pages;

/// <summary>The help pages the footer links to, on the running service, for someone not signed in.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HelpPageTests(MidRoundHelpHost fixture) : IClassFixture<MidRoundHelpHost>
{
    private async Task<string> GetAsync(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.Client.BaseAddress };
        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Accessibility_SaysWhatIsTestedAndHowToReportAProblem()
    {
        var html = await GetAsync("/help/accessibility");

        Assert.Contains("<h1 class=\"nhsuk-heading-l\">Accessibility statement</h1>", html, StringComparison.Ordinal);
        Assert.Contains("keyboard", html, StringComparison.Ordinal);
        Assert.Contains("screen reader", html, StringComparison.Ordinal);
        Assert.Contains("axe", html, StringComparison.Ordinal);
        Assert.Contains("Reporting a problem", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/help/contact\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Privacy_SaysWhatIsHeldWhyAndForHowLong()
    {
        var html = await GetAsync("/help/privacy");

        Assert.Contains("<h1 class=\"nhsuk-heading-l\">Privacy</h1>", html, StringComparison.Ordinal);
        Assert.Contains("work e-mail addresses", html, StringComparison.Ordinal);
        Assert.Contains("to run the round", html, StringComparison.Ordinal);
        Assert.Contains("How long we keep it", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contact_ListsTheDirectorysNationalMailboxes()
    {
        var html = await GetAsync("/help/contact");

        Assert.Contains("<h1 class=\"nhsuk-heading-l\">Contact the national planning team</h1>", html, StringComparison.Ordinal);
        Assert.Contains("National planning team: <a href=\"mailto:planning.national@example.org\">planning.national@example.org</a>", html, StringComparison.Ordinal);
        // Nobody is signed in, so the header offers no sign-out.
        Assert.DoesNotContain("Sign out", html, StringComparison.Ordinal);
    }
}

/// <summary>One host for the help pages, which read nothing but the directory.</summary>
public sealed class MidRoundHelpHost(AzuriteFixture azurite) : IAsyncLifetime
{
    internal TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TestHost.StartAsync(new HostState(azurite));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
