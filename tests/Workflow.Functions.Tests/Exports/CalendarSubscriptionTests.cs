using System.Buffers.Text;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Functions.Exports;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Storage.Directory;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Exports;

/// <summary>
/// The calendars page and the personal subscription addresses it hands out, fetched as a calendar program fetches
/// them: with no sign-in at all.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CalendarSubscriptionTests(AzuriteFixture azurite)
{
    private static readonly string Page = $"/dashboard/{TestData.Round}/calendars";

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private static readonly ClientPrincipal Pmo = new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]);

    [GeneratedRegex(@"<div class=""nhsuk-form-group"" data-feed=""(E\d+)"">")]
    private static partial Regex Feed();

    [GeneratedRegex(@"id=""subscribe-(E\d+)"" type=""url"" readonly value=""([^""]+)""")]
    private static partial Regex Address();

    private static Task<TestHost> StartAsync(AzuriteFixture azurite) => TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));

    private static HttpClient Client(TestHost host, ClientPrincipal? who = null)
    {
        var client = new HttpClient { BaseAddress = host.Client.BaseAddress };
        return who is null ? client : client.SignedIn(who);
    }

    /// <summary>The page's subscription addresses by feed, as paths on the test host (the page names the configured site).</summary>
    private static async Task<Dictionary<string, string>> AddressesAsync(HttpClient client)
    {
        var html = await client.GetStringAsync(Page);
        return Address().Matches(html).ToDictionary(m => m.Groups[1].Value, m => new Uri(m.Groups[2].Value).AbsolutePath, StringComparer.Ordinal);
    }

    private static string Token(string path) => path["/feeds/".Length..^".ics".Length];

    [Fact]
    public async Task Page_ListsTheFeedsEachPersonMayRead_GroupedByRegion_EachWithAnAddress()
    {
        await using var host = await StartAsync(azurite);
        var directory = host.Get<ReferenceData>().Directory;
        using var national = Client(host, TestSignIn.National);
        using var director = Client(host, Director);
        using var pmo = Client(host, Pmo);

        async Task<List<string>> FeedsAsync(HttpClient client) => [.. Feed().Matches(await client.GetStringAsync(Page)).Select(m => m.Groups[1].Value)];

        var everything = directory.Regions.SelectMany(r => (string[])[r.Code.Value, .. directory.Systems.Where(s => s.Region == r.Code).Select(s => s.Code.Value)]);
        Assert.Equal(everything, await FeedsAsync(national));
        Assert.Equal([TestData.NorthEastAndYorkshire, TestData.System, TestData.Peer], await FeedsAsync(director));
        Assert.Equal([TestData.System], await FeedsAsync(pmo));
        Assert.Equal([TestData.System], (await AddressesAsync(pmo)).Keys);
        Assert.Equal(everything, (await AddressesAsync(national)).Keys);
        var html = await pmo.GetStringAsync(Page);
        Assert.Contains("Subscribe from web", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/rounds/{TestData.Round}/systems/{TestData.System}/calendar.ics\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_ForSomeoneTheDirectoryDoesNotList_OffersDownloadsButNoAddress()
    {
        await using var host = await StartAsync(azurite);
        using var unlisted = Client(host, new ClientPrincipal("Pat Doe", "pat.doe@example.org", [AppRoles.National]));

        var html = await unlisted.GetStringAsync(Page);

        Assert.Empty(Address().Matches(html));
        Assert.Contains("id=\"not-listed\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/rounds/{TestData.Round}/regions/{TestData.NorthEastAndYorkshire}/calendar.ics\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_AndSystemPage_LinkToTheCalendarsPage()
    {
        await using var host = await StartAsync(azurite);
        using var pmo = Client(host, Pmo);

        Assert.Contains($"href=\"{Page}\"", await pmo.GetStringAsync($"/dashboard/{TestData.Round}"), StringComparison.Ordinal);
        Assert.Contains($"href=\"{Page}\"", await pmo.GetStringAsync($"/dashboard/{TestData.Round}/systems/{TestData.System}"), StringComparison.Ordinal);
        using var signedOut = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress }.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
    }

    [Fact]
    public async Task Address_WithNoSignIn_ServesTheSameFeedAsTheSignedInRoute()
    {
        await using var host = await StartAsync(azurite);
        await host.SettledAsync(TestData.System, TestData.Peer);
        using var pmo = Client(host, Pmo);
        using var director = Client(host, Director);
        using var calendar = Client(host);
        var system = (await AddressesAsync(pmo))[TestData.System];
        var region = (await AddressesAsync(director))[TestData.NorthEastAndYorkshire];

        using var response = await calendar.GetAsync(system);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(await pmo.GetStringAsync($"/api/rounds/{TestData.Round}/systems/{TestData.System}/calendar.ics"), await response.Content.ReadAsStringAsync());
        Assert.Equal(
            await director.GetStringAsync($"/api/rounds/{TestData.Round}/regions/{TestData.NorthEastAndYorkshire}/calendar.ics"),
            await calendar.GetStringAsync(region));
    }

    [Fact]
    public async Task Address_ChangedAtAnyByte_IsRefused_AndNothingIsWritten()
    {
        await using var host = await StartAsync(azurite);
        using var pmo = Client(host, Pmo);
        using var calendar = Client(host);
        var token = Token((await AddressesAsync(pmo))[TestData.System]);
        var bytes = Base64Url.DecodeFromChars(token);
        var before = await StorageSnapshot.TakeAsync(host);

        var taken = new List<string>();
        for (var at = 0; at < bytes.Length; at++)
        {
            var changed = (byte[])bytes.Clone();
            changed[at] ^= (byte)(1 + (at % 255));
            using var response = await calendar.GetAsync($"/feeds/{Base64Url.EncodeToString(changed)}.ics");
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.NotFound || response.Content.Headers.ContentType?.MediaType != "text/plain" || text.Contains(Pmo.Email, StringComparison.OrdinalIgnoreCase))
            {
                taken.Add($"byte {at}: {(int)response.StatusCode} {text}");
            }
        }
        using var cut = await calendar.GetAsync($"/feeds/{token[..^4]}.ics");

        Assert.True(taken.Count == 0, string.Join('\n', taken));
        Assert.Equal(HttpStatusCode.NotFound, cut.StatusCode);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }

    [Fact]
    public async Task Address_SignedForAFeedThePersonMayNotRead_OrForAnotherPurpose_IsRefused()
    {
        await using var host = await StartAsync(azurite);
        using var calendar = Client(host);
        var protection = host.Services.GetRequiredService<IDataProtectionProvider>();
        var round = new RoundId(TestData.Round);
        // Only the key could make these: what a PMO's address would be, had it been edited to another system or region.
        var otherSystem = new FeedSubscription(Pmo.Email, CalendarFeed.Of(round, new SystemCode(TestData.OtherSystem)), DateTimeOffset.UnixEpoch).Protect(protection);
        var region = new FeedSubscription(Pmo.Email, CalendarFeed.Of(round, new RegionCode(TestData.NorthEastAndYorkshire)), DateTimeOffset.UnixEpoch).Protect(protection);
        var otherPurpose = protection.CreateProtector("Workflow.Functions.Pages.TimetableProposal.v1").Protect($"person={Pmo.Email}&round={TestData.Round}&feed={TestData.System}&issued=0");

        using var system = await calendar.GetAsync($"/feeds/{otherSystem}.ics");
        using var wholeRegion = await calendar.GetAsync($"/feeds/{region}.ics");
        using var purpose = await calendar.GetAsync($"/feeds/{otherPurpose}.ics");

        Assert.Equal(HttpStatusCode.Forbidden, system.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wholeRegion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, purpose.StatusCode);
        Assert.Equal("text/plain", system.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Address_OfSomeoneSinceRemovedOrMoved_IsRefused_AndNothingIsWritten()
    {
        await using var host = await StartAsync(azurite);
        using var pmo = Client(host, Pmo);
        using var director = Client(host, Director);
        using var calendar = Client(host);
        var pmoAddress = (await AddressesAsync(pmo))[TestData.System];
        var directorAddress = (await AddressesAsync(director))[TestData.NorthEastAndYorkshire];
        Assert.Equal(HttpStatusCode.OK, (await calendar.GetAsync(pmoAddress)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await calendar.GetAsync(directorAddress)).StatusCode);

        // The PMO taken off the directory, the director moved to another region, as the directory's upkeep saves it.
        var store = host.Get<DirectoryStore>();
        var stored = (await store.ContactsAsync())!;
        var elsewhere = host.Get<ReferenceData>().Directory.Regions.First(r => r.Code.Value != TestData.NorthEastAndYorkshire).Code.Value;
        var contacts = stored.Contacts
            .Where(c => !string.Equals(c.Email, Pmo.Email, StringComparison.OrdinalIgnoreCase))
            .Select(c => string.Equals(c.Email, Director.Email, StringComparison.OrdinalIgnoreCase) ? c with { Scope = elsewhere } : c)
            .ToList();
        var change = new ContactChange(stored.Version + 1, TestData.London(9, 20, 11), "planning.lead@example.org", "import", ContactDiff.Between(stored.Contacts, contacts));
        Assert.Equal(ContactsSaved.Applied, await store.SaveContactsAsync(contacts, change, "elsewhere"));
        await host.Get<ContactsRefresh>().RefreshAsync();
        var before = await StorageSnapshot.TakeAsync(host);

        using var removed = await calendar.GetAsync(pmoAddress);
        using var moved = await calendar.GetAsync(directorAddress);

        Assert.Equal(HttpStatusCode.Gone, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
        Assert.Equal(("text/plain", "text/plain"), (removed.Content.Headers.ContentType!.MediaType, moved.Content.Headers.ContentType!.MediaType));
        Assert.Contains("no longer", await removed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.NorthEastAndYorkshire, await moved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }
}
