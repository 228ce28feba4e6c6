using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Directory;
using Workflow.Core.Rounds;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Storage.Directory;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Pages;

/// <summary>The directory's pages on the running service: the list, a system's contacts form, and the CSV file out and in.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class DirectoryPageTests(AzuriteFixture azurite)
{
    private const string Home = "/dashboard/directory";

    private static readonly string Edit = $"{Home}/{TestData.System}";

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private static readonly ClientPrincipal Pmo = new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]);

    [GeneratedRegex(@"<input type=""hidden"" name=""(__RequestVerificationToken[^""]*)"" value=""([^""]+)""")]
    private static partial Regex TokenField();

    [GeneratedRegex(@"<input type=""hidden"" name=""(key|version)"" value=""([^""]*)""")]
    private static partial Regex Hidden();

    private static Task<TestHost> StartAsync(AzuriteFixture azurite) =>
        TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)) { StartRoundOnLoad = false });

    private static HttpClient Browser(TestHost host, ClientPrincipal who)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };
        browser.DefaultRequestHeaders.SignIn(who);
        return browser;
    }

    /// <summary>The hidden fields a page's form was drawn with: its token, key and version.</summary>
    private static async Task<List<KeyValuePair<string, string>>> DrawnAsync(HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(path);
        var token = TokenField().Match(html);
        Assert.True(token.Success, html);
        return [new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)), .. Hidden().Matches(html).Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, m.Groups[2].Value))];
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient browser, string csv)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in await DrawnAsync(browser, Home))
        {
            content.Add(new StringContent(value), name);
        }
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "contacts.csv");
        return await browser.PostAsync(Home, content);
    }

    [Fact]
    public async Task Edit_ThePmo_ChangesTheDirectoryTheNextPromptUsesAndIsRecorded()
    {
        await using var host = await StartAsync(azurite);
        using var browser = Browser(host, Director);
        var fields = await DrawnAsync(browser, Edit);
        fields.AddRange([new("pmo-0-name", "Kim Patel"), new("pmo-0-email", "kim.patel@example.org"), new("pmo-1-name", ""), new("pmo-1-email", "")]);

        using var posted = await browser.PostAsync(Edit, new FormUrlEncodedContent(fields));
        using var again = await browser.PostAsync(Edit, new FormUrlEncodedContent(fields));
        var page = await browser.GetStringAsync($"{Home}?done=saved");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"{Home}?done=saved", posted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var directory = await host.Get<DirectoryStore>().CurrentAsync(host.Get<ReferenceData>().Directory);
        Assert.Equal(["kim.patel@example.org"], directory.Resolve(Role.Pmo, new SystemCode(TestData.System)).Select(c => c.Email));
        var changes = await host.Get<DirectoryStore>().ChangesAsync();
        var change = Assert.Single(changes);
        Assert.Equal(Director.Email, change.By);
        Assert.Contains(change.Changes, d => d.Before?.Email == "pmo.e54000005@example.org" && d.After is null);
        Assert.Contains(change.Changes, d => d.Before is null && d.After?.Email == "kim.patel@example.org");
        Assert.Contains("The contacts have been changed", page, StringComparison.Ordinal);
        Assert.Contains("added Kim Patel (kim.patel@example.org)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_TheRegionsDirectorReplaced_TheNewOneMayActAtOnceAndTheOldOneNoLonger()
    {
        await using var host = await StartAsync(azurite);
        using var national = Browser(host, TestSignIn.National);
        using var successor = Browser(host, new ClientPrincipal("Sam Ahmed", "sam.ahmed@example.org", [AppRoles.Regional]));
        using var director = Browser(host, Director);
        using var before = await successor.GetAsync(Edit);
        var region = $"{Home}/{TestData.NorthEastAndYorkshire}";
        var fields = await DrawnAsync(national, region);
        fields.AddRange([new("regional-director-0-name", "Sam Ahmed"), new("regional-director-0-email", "sam.ahmed@example.org")]);

        using var posted = await national.PostAsync(region, new FormUrlEncodedContent(fields));
        using var after = await successor.GetAsync(Edit);
        using var gone = await director.GetAsync(Edit);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, gone.StatusCode);
    }

    [Fact]
    public async Task Refresh_ContactsChangedByAnotherInstance_CountForAccessOnceRead()
    {
        await using var host = await StartAsync(azurite);
        using var director = Browser(host, Director);
        using var before = await director.GetAsync(Edit);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var store = host.Get<DirectoryStore>();
        var stored = (await store.ContactsAsync())!;
        var contacts = stored.Contacts.Where(c => !string.Equals(c.Email, Director.Email, StringComparison.OrdinalIgnoreCase))
            .Append(new Contact(ContactRole.RegionalDirector, TestData.NorthEastAndYorkshire, "Sam Ahmed", "sam.ahmed@example.org")).ToList();
        var change = new ContactChange(stored.Version + 1, TestData.London(9, 20, 11), "national@example.org", "import", ContactDiff.Between(stored.Contacts, contacts));

        Assert.Equal(ContactsSaved.Applied, await store.SaveContactsAsync(contacts, change, "elsewhere"));
        await host.Get<ContactsRefresh>().RefreshAsync();
        using var afterRead = await director.GetAsync(Edit);

        Assert.Equal(HttpStatusCode.Forbidden, afterRead.StatusCode);
    }

    [Fact]
    public async Task Edit_AnotherRegionsDirectorOrAPmo_IsRefused()
    {
        await using var host = await StartAsync(azurite);
        var otherRegion = host.Get<ReferenceData>().Directory.Contacts
            .First(c => c.Role == ContactRole.RegionalDirector && c.Scope != TestData.NorthEastAndYorkshire);
        using var other = Browser(host, new ClientPrincipal(otherRegion.Name, otherRegion.Email, [AppRoles.Regional]));
        using var pmo = Browser(host, Pmo);

        using var otherPage = await other.GetAsync(Edit);
        using var otherPost = await other.PostAsync(Edit, new FormUrlEncodedContent([new("pmo-0-name", "X"), new("pmo-0-email", "x@example.org")]));
        using var pmoPage = await pmo.GetAsync(Edit);

        Assert.Equal(HttpStatusCode.Forbidden, otherPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pmoPage.StatusCode);
        Assert.Empty(await host.Get<DirectoryStore>().ChangesAsync());
    }

    [Fact]
    public async Task Import_WithThreeProblems_ListsAllThreeAndChangesNothing()
    {
        await using var host = await StartAsync(azurite);
        using var browser = Browser(host, TestSignIn.National);
        var csv = await browser.GetStringAsync($"{Home}.csv");
        var lines = csv.TrimEnd().Split("\r\n").ToList();
        var duplicate = lines[^1];
        var pmoLine = lines.FindIndex(l => l.Contains($",{TestData.System},", StringComparison.Ordinal));
        lines[pmoLine] = $"pmo,{TestData.System},Alex Okafor,not-an-address";
        lines.Add("pmo,E54000099,Nobody,nobody@example.org");
        lines.Add(duplicate);
        var before = await StorageSnapshot.TakeAsync(host);

        using var posted = await ImportAsync(browser, string.Join("\r\n", lines));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains($"line {pmoLine + 1}, column email: &#x27;not-an-address&#x27; is not an e-mail address", html, StringComparison.Ordinal);
        Assert.Contains($"line {lines.Count - 1}, column scope: &#x27;E54000099&#x27; is not a system code", html, StringComparison.Ordinal);
        Assert.Contains($"line {lines.Count}, column email:", html, StringComparison.Ordinal);
        Assert.Contains("is listed twice", html, StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host));
    }

    [Fact]
    public async Task Import_ExportedThenChanged_AppliesAllAndExportsTheSameAgain()
    {
        await using var host = await StartAsync(azurite);
        using var browser = Browser(host, TestSignIn.National);
        var exported = await browser.GetStringAsync($"{Home}.csv");

        using var same = await ImportAsync(browser, exported);
        var changed = exported.Replace("pmo.e54000005@example.org", "new.pmo@example.org", StringComparison.Ordinal)
            .Insert(exported.IndexOf('\n', StringComparison.Ordinal) + 1, "pmo,E54000006,\"Clarke, Sam\",second.pmo@example.org\r\n");
        using var posted = await ImportAsync(browser, changed);
        var reexported = await browser.GetStringAsync($"{Home}.csv");

        Assert.Equal(HttpStatusCode.Redirect, same.StatusCode);
        Assert.Equal($"{Home}?done=unchanged", same.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"{Home}?done=imported", posted.Headers.Location!.OriginalString);
        Assert.Contains("new.pmo@example.org", reexported, StringComparison.Ordinal);
        Assert.Contains("pmo,E54000006,\"Clarke, Sam\",second.pmo@example.org", reexported, StringComparison.Ordinal);
        Assert.DoesNotContain("pmo.e54000005@example.org", reexported, StringComparison.Ordinal);
        Assert.Equal(changed.Split("\r\n").Order(StringComparer.Ordinal), reexported.Split("\r\n").Order(StringComparer.Ordinal));
        Assert.Equal("import", Assert.Single(await host.Get<DirectoryStore>().ChangesAsync()).How);
    }

    [Fact]
    public async Task Import_TooLarge_Is413AndChangesNothing()
    {
        await using var host = await StartAsync(azurite);
        using var browser = Browser(host, TestSignIn.National);

        using var posted = await ImportAsync(browser, "role,scope,name,email\r\n" + new string('x', DirectoryFunctions.MaxImportBytes + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, posted.StatusCode);
        Assert.Empty(await host.Get<DirectoryStore>().ChangesAsync());
    }
}
