using System.Net;
using Workflow.Core.Access;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Pages;

/// <summary>The dashboard page on the running service: the matrix of systems, its counts and filters, and who sees what.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardPageTests(AzuriteFixture azurite)
{
    private static readonly string Dashboard = $"/dashboard/{TestData.Round}";

    internal static readonly ClientPrincipal National = new("Nadia Fox", "planning.lead@example.org", [AppRoles.National]);

    private static readonly ClientPrincipal NorthWest = new("North West director", "director.north-west@example.org", [AppRoles.Regional]);

    internal static async Task<(HttpStatusCode Status, string Html)> GetAsync(TestHost host, string path, ClientPrincipal? who)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (who is not null)
        {
            request.Headers.Add(ClientPrincipal.Header, who.ToHeader());
        }
        using var response = await host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static int Rows(string html) => html.Split("data-system=\"").Length - 1;

    [Fact]
    public async Task Dashboard_AfterTheDraftDeadline_ShowsEachSystemsTagsCountsAndTheNationalPlan()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20)));
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        // Draft due Friday 27 September at 5pm: taken to the region at 9am on Wednesday 2 October.
        await host.AdvanceClockAsync(TestData.London(10, 2, 9));
        await TestHost.WaitForAsync("the two late systems escalated", async () =>
            (await host.StatusRowsAsync()).Count(s => s.Escalation >= Workflow.Core.Rounds.LadderLevel.Region) == 2);

        var (status, html) = await GetAsync(host, Dashboard, National);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, Rows(html));
        Assert.Contains("North East and Yorkshire", html, StringComparison.Ordinal);
        Assert.Contains("North West", html, StringComparison.Ordinal);
        // The one on time says so, with the day it came in; the two late ones are escalated.
        Assert.Contains("Done</strong>", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("Escalated</strong>").Length - 1);
        Assert.Contains(">2</span> escalated</a>", html, StringComparison.Ordinal);
        Assert.Contains("Not ready yet: 3 of 3 systems still to be agreed.", html, StringComparison.Ordinal);
        Assert.Contains("Nadia Fox", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_FilteredInTheAddress_ShowsOnlyThoseSystemsAndKeepsTheFilterChosen()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        await TestHost.WaitForAsync("the draft on the status row", async () =>
            (await host.StatusRowsAsync()).Any(s => s.Stage == Workflow.Core.Instances.Stage.FinalDue));

        var (_, finalDue) = await GetAsync(host, $"{Dashboard}?stage=final-due", National);
        var (_, northWest) = await GetAsync(host, $"{Dashboard}?region=E40000010", National);

        Assert.Equal(1, Rows(finalDue));
        Assert.Contains($"data-system=\"{TestData.System}\"", finalDue, StringComparison.Ordinal);
        Assert.Contains("<option value=\"final-due\" selected", finalDue, StringComparison.Ordinal);
        Assert.Equal(1, Rows(northWest));
        Assert.Contains($"data-system=\"{TestData.OtherSystem}\"", northWest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ARegionsDirector_SeesOnlyTheirRegion()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));
        await TestHost.WaitForAsync("every status row", async () => (await host.StatusRowsAsync()).Count == 3);

        var (status, html) = await GetAsync(host, Dashboard, NorthWest);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, Rows(html));
        Assert.Contains($"data-system=\"{TestData.OtherSystem}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("North East and Yorkshire", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_TheFormSentWithAllRegionsAndAllStages_FiltersNothing()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));
        await TestHost.WaitForAsync("every status row", async () => (await host.StatusRowsAsync()).Count == 3);

        // What the filter form sends with "All regions" and "All stages" chosen, and the region chosen alone.
        var (all, allHtml) = await GetAsync(host, $"{Dashboard}?region=&stage=", National);
        var (one, oneHtml) = await GetAsync(host, $"{Dashboard}?region=E40000010&stage=", National);

        Assert.Equal((HttpStatusCode.OK, 3), (all, Rows(allHtml)));
        Assert.Equal((HttpStatusCode.OK, 1), (one, Rows(oneHtml)));
    }

    [Fact]
    public async Task Dashboard_AViewThatFitsOnOnePage_HasNoPagination_AndAnEmptyViewHasItsFirstPage()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));

        var (_, all) = await GetAsync(host, Dashboard, National);
        var (first, firstHtml) = await GetAsync(host, $"{Dashboard}?page=1", National);
        var (empty, emptyHtml) = await GetAsync(host, $"{Dashboard}?only=failed-mail", National);
        var (pastEmpty, pastEmptyHtml) = await GetAsync(host, $"{Dashboard}?only=failed-mail&page=2", National);

        Assert.Equal(3, Rows(all));
        Assert.DoesNotContain("nhsuk-pagination", all, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, 3), (first, Rows(firstHtml)));
        Assert.Equal((HttpStatusCode.OK, 0), (empty, Rows(emptyHtml)));
        Assert.DoesNotContain("nhsuk-pagination", emptyHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, pastEmpty);
        Assert.Contains($"href=\"{Dashboard}?only=failed-mail\" id=\"last-page\"", pastEmptyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ARegionsDirectorFilteringAnotherRegion_IsRefused()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));

        var (status, html) = await GetAsync(host, $"{Dashboard}?region={TestData.NorthEastAndYorkshire}", NorthWest);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("You may not see North East and Yorkshire: it is not your region.", html, StringComparison.Ordinal);
        Assert.Equal(0, Rows(html));
    }

    [Theory]
    [InlineData("?region=E40999999")]
    [InlineData("?stage=thinking")]
    [InlineData("?only=everything")]
    [InlineData("?region=E40000009&region=E40000010")]
    public async Task Dashboard_AFilterItCouldNotHaveMade_IsRefusedWithAPage(string query)
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));

        var (status, html) = await GetAsync(host, Dashboard + query, National);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("That view does not exist", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_SignedOutOrUnknown_IsSentToSignInOrRefused()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };

        using var signedOut = await noRedirects.GetAsync($"{Dashboard}?stage=drafting");
        var (unknownRound, _) = await GetAsync(host, "/dashboard/2031-32", National);
        var (noScope, _) = await GetAsync(host, Dashboard, new ClientPrincipal("Someone", "someone@example.org", [AppRoles.Regional]));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString($"{Dashboard}?stage=drafting")}", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, unknownRound);
        Assert.Equal(HttpStatusCode.Forbidden, noScope);
    }
}
