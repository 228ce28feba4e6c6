using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.SignIn;

/// <summary>The local sign-in page as a browser uses it: pick a person, come back signed in as them, sign out.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class DevelopmentSignInTests(MidRoundAccessHost fixture) : IClassFixture<MidRoundAccessHost>
{
    private const string Director = "director.north-east-and-yorkshire@example.org";

    private TestHost Host => fixture.Host;

    [GeneratedRegex(@"<input type=""hidden"" name=""(__RequestVerificationToken[^""]*)"" value=""([^""]+)""")]
    private static partial Regex TokenField();

    /// <summary>A browser: cookies kept, redirects not followed, and no principal header of its own.</summary>
    private HttpClient Browser(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Host.Client.BaseAddress };

    private async Task<(HttpClient Browser, KeyValuePair<string, string> Token)> OpenAsync(CookieContainer cookies)
    {
        var browser = Browser(cookies);
        var html = await browser.GetStringAsync("/signin?returnUrl=%2Fapi%2Finstances");
        var token = TokenField().Match(html);
        Assert.True(token.Success, html);
        return (browser, new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)));
    }

    [Fact]
    public async Task SignInPage_ListsTheDirectorysPeopleGrouped_EachABUttonInAProtectedForm()
    {
        using var response = await Browser(new CookieContainer()).GetAsync("/signin");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headings = Regex.Matches(html, "<h2 class=\"nhsuk-heading-m\">([^<]+)</h2>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal("National team", headings[0]);
        Assert.Contains("North East and Yorkshire: director and deputies", headings);
        Assert.Contains("North West: PMOs", headings);
        Assert.True(headings.IndexOf("London: director and deputies") < headings.IndexOf("North West: PMOs"));
        Assert.Contains($"name=\"email\" value=\"{Director}\"", html, StringComparison.Ordinal);
        Assert.Matches(TokenField(), html);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task SignIn_ThenTheApi_AsThatPersonWithTheirRegionOnly_UntilSignedOut()
    {
        var cookies = new CookieContainer();
        var (browser, token) = await OpenAsync(cookies);
        using (browser)
        {
            using var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent([token, new("email", Director), new("returnUrl", "/api/instances")]));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal("/api/instances", signIn.Headers.Location!.OriginalString);
            var set = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SignInCookie.Name + "=", StringComparison.Ordinal));
            Assert.Contains("httponly", set, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", set, StringComparison.OrdinalIgnoreCase);

            using var listed = await browser.GetAsync("/api/instances");
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            using var json = JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
            Assert.Equal([TestData.System, TestData.Peer], json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("system").GetString()).Order(StringComparer.Ordinal));
            using var roundChange = await browser.PostAsync($"/api/rounds/{TestData.Round}/suspend", new StringContent("""{"by":"x","reason":"y"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Forbidden, roundChange.StatusCode);

            using var signOut = await browser.GetAsync("/signout");
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
            using var after = await browser.GetAsync("/api/instances");
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }
    }

    [Theory]
    [InlineData(false, Director, "/api/instances")]
    [InlineData(true, "someone@evil.example", "/api/instances")]
    [InlineData(true, "", "/api/instances")]
    public async Task SignIn_WithoutTheFormTokenOrForSomeoneNotInTheDirectory_NobodySignedIn(bool withToken, string email, string returnUrl)
    {
        var cookies = new CookieContainer();
        var (browser, token) = await OpenAsync(cookies);
        using (browser)
        {
            List<KeyValuePair<string, string>> form = [new("email", email), new("returnUrl", returnUrl)];
            if (withToken)
            {
                form.Add(token);
            }

            using var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(form));

            Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
            Assert.Equal("text/html", signIn.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(cookies.GetCookies(Host.Client.BaseAddress!), c => c.Name == SignInCookie.Name);
            using var api = await browser.GetAsync("/api/instances");
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }
    }

    [Fact]
    public async Task SignIn_AskedToGoOffSiteAfter_StaysOnThisSite()
    {
        var (browser, token) = await OpenAsync(new CookieContainer());
        using (browser)
        {
            using var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent([token, new("email", Director), new("returnUrl", "//evil.example/")]));

            Assert.Equal("/", signIn.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Api_WithAForgedSignInCookie_Unauthorized()
    {
        using var browser = Browser(new CookieContainer());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/instances");
        request.Headers.Add("Cookie", $"{SignInCookie.Name}=CfDJ8{new string('A', 120)}");

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
