using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Notifications;
using Workflow.Notifications.Links;
using Workflow.Testing;
using static Workflow.EndToEnd.Tests.Support.Form;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>
/// A new link asked for from an expired link's page: sent only to the directory address of the person the link was for,
/// within the limit, audited, and answered the same whatever happened.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LinkRenewalTests(LinkRenewalHostFixture fixture) : LinkHostTests(fixture), IClassFixture<LinkRenewalHostFixture>
{
    internal const string Renewed = "E54000007";   // North West
    internal const string Mistyped = "E54000008";  // North West
    internal const string Limited = "E54000048";   // North West

    private const string Answer = "If that address is the one this link was sent to, a new link is on its way to it. It can take a few minutes.";

    [Fact]
    public async Task ExpiredLink_RightAddressInOtherCapitals_OneNewMailToTheDirectoryAddress_WhoseLinkOpens()
    {
        var pmo = Host.Pmo(Renewed);
        using var client = new LinkClient(Host.BaseAddress);

        var expired = await client.GetAsync(ExpiredLink(Renewed, pmo.Email));
        var page = await RenewAsync(client, expired, pmo.Email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Equal("This link has expired", expired.Heading);
        Assert.Contains("Send me a new link", expired.Text, StringComparison.Ordinal);
        AssertAnswer(page);
        var mail = Assert.Single(await NewLinksAsync(Renewed));
        var copy = Assert.Single(mail.Recipients);
        Assert.Equal(pmo.Email, copy.Email);
        Assert.Equal($"Your new link for {mail.System}'s planning round page", copy.Subject.Split(" — ")[0]);
        var opened = await client.GetAsync(copy.Link!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, opened.Status);
        Assert.Contains(pmo.Email, opened.Text, StringComparison.Ordinal);
        var request = Assert.Single(await RequestsAsync(Renewed));
        Assert.Equal(("renewal", "sent", pmo.Email, "submit", "127.0.0.1"), (Text(request, "kind"), Text(request, "outcome"), Text(request, "person"), Text(request, "action"), Text(request, "clientAddress")));
        Assert.Equal(mail.Id, $"{AppHost.Id(Renewed)}/new-link/{Text(request, "requestId")}");
    }

    [Fact]
    public async Task ExpiredLink_AnotherAddress_OrAPersonNoLongerEntitled_TheSameAnswer_NoMail_Audited()
    {
        var pmo = Host.Pmo(Mistyped);
        using var client = new LinkClient(Host.BaseAddress);
        var expired = await client.GetAsync(ExpiredLink(Mistyped, pmo.Email));
        // Another system's PMO, on this system's link: their own address, but not their system.
        var foreign = await client.GetAsync(ExpiredLink(Mistyped, Host.Pmo(Renewed).Email));

        var mistyped = await RenewAsync(client, expired, "someone.else@example.org");
        var unknown = await RenewAsync(client, expired, Host.Director(Mistyped).Email);
        var notEntitled = await RenewAsync(client, foreign, Host.Pmo(Renewed).Email);

        AssertAnswer(mistyped);
        Assert.Equal(mistyped.Html, unknown.Html);
        Assert.Equal(mistyped.Html, notEntitled.Html);
        Assert.Empty(await NewLinksAsync(Mistyped));
        Assert.Equal(["address-mismatch", "address-mismatch", "not-entitled"], (await RequestsAsync(Mistyped)).Select(r => Text(r, "outcome")));
    }

    [Fact]
    public async Task ExpiredLink_AskedAgainTooSoon_OrAFourthTimeInADay_TheSameAnswer_NoMail_AuditedAsRateLimited()
    {
        var pmo = Host.Pmo(Limited);
        using var client = new LinkClient(Host.BaseAddress);
        var expired = await client.GetAsync(ExpiredLink(Limited, pmo.Email));

        List<Page> answers = [await RenewAsync(client, expired, pmo.Email), await RenewAsync(client, expired, pmo.Email)];
        for (var i = 0; i < 3; i++)
        {
            await Host.AdvanceClockAsync(Host.Clock.GetUtcNow().AddMinutes(6));
            answers.Add(await RenewAsync(client, expired, pmo.Email));
        }

        Assert.All(answers, AssertAnswer);
        Assert.Equal(3, (await NewLinksAsync(Limited)).Count);
        Assert.Equal(["sent", "rate-limited", "sent", "sent", "rate-limited"], (await RequestsAsync(Limited)).Select(r => Text(r, "outcome")));
    }

    [Fact]
    public async Task ForgedOrStillWorkingLink_BadAddressOrFormToken_RefusedWithAPage_NothingSentOrAudited()
    {
        var pmo = Host.Pmo(Renewed);
        using var client = new LinkClient(Host.BaseAddress);
        var expired = await client.GetAsync(ExpiredLink(Renewed, pmo.Email));
        var field = expired.Antiforgery!.Value;
        var before = (await RequestsAsync(Renewed)).Count;
        var mailBefore = (await NewLinksAsync(Renewed)).Count;
        var otherKey = new LinkSigner(Options.Create(new SignedLinkOptions { SigningKey = Convert.ToBase64String(new byte[32]) }));
        var forged = Host.LinkPath(LinkAction.Submit, Renewed, pmo.Email, 0, Host.Clock.GetUtcNow().AddDays(-1), otherKey);
        var working = Host.LinkPath(LinkAction.Submit, Renewed, pmo.Email, 0);
        Task<Page> Post(string link, string email, bool withToken = true) =>
            client.PostFormAsync(link + "/renew", withToken ? [Field(field.Name, field.Value), Field("email", email)] : [Field("email", email)]);

        var forgedPage = await Post(forged, pmo.Email);
        var workingPage = await Post(working, pmo.Email);
        var noToken = await Post(ExpiredLink(Renewed, pmo.Email), pmo.Email, withToken: false);
        var lineBroken = await Post(ExpiredLink(Renewed, pmo.Email), pmo.Email + "\r\nBcc: someone@example.org");
        var empty = await Post(ExpiredLink(Renewed, pmo.Email), " ");
        var overlong = await Post(ExpiredLink(Renewed, pmo.Email), new string('a', 250) + "@example.org");

        Assert.Equal((HttpStatusCode.BadRequest, "This link is not valid"), (forgedPage.Status, forgedPage.Heading));
        Assert.Equal((HttpStatusCode.Conflict, "This link still works"), (workingPage.Status, workingPage.Heading));
        Assert.Equal((HttpStatusCode.BadRequest, "This form has expired"), (noToken.Status, noToken.Heading));
        foreach (var page in new[] { lineBroken, empty, overlong })
        {
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Contains("There is a problem", page.Text, StringComparison.Ordinal);
        }
        Assert.Equal(before, (await RequestsAsync(Renewed)).Count);
        Assert.Equal(mailBefore, (await NewLinksAsync(Renewed)).Count);
    }

    private static void AssertAnswer(Page page)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Check your e-mail", page.Heading);
        Assert.Contains(Answer, page.Text, StringComparison.Ordinal);
    }

    private string ExpiredLink(string system, string person) =>
        Host.LinkPath(LinkAction.Submit, system, person, 0, Host.Clock.GetUtcNow().AddDays(-2));

    /// <summary>Sends the expired page's form, as the browser would, to the address the form posts to.</summary>
    private static Task<Page> RenewAsync(LinkClient client, Page expired, string email)
    {
        var field = expired.Antiforgery ?? throw new InvalidOperationException($"The expired page has no form: {expired}");
        var action = System.Text.RegularExpressions.Regex.Match(expired.Html, "action=\"([^\"]+)\"").Groups[1].Value;
        return client.PostFormAsync(WebUtility.HtmlDecode(action), Field(field.Name, field.Value), Field("email", email));
    }

    private async Task<List<MailDropEntry>> NewLinksAsync(string system) =>
        [.. (await Host.MailAsync()).Where(m => m.Kind == "new-link" && m.Instance == AppHost.Id(system).ToString())];

    private async Task<List<JsonElement>> RequestsAsync(string system)
    {
        using var response = await Host.Api.GetAsync(new Uri($"/api/instances/{AppHost.Round}/{system}/link-requests", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"link-requests answered {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.Clone())];
    }

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;
}

/// <summary>The service with the three North West systems asked about here.</summary>
public sealed class LinkRenewalHostFixture(AzuriteFixture azurite) : LinkHostFixture(azurite)
{
    protected override IReadOnlyCollection<string> Systems => [LinkRenewalTests.Renewed, LinkRenewalTests.Mistyped, LinkRenewalTests.Limited];
}
