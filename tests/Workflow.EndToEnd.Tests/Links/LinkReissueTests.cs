using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workflow.Core.Directory;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Functions.Rounds;
using Workflow.Notifications;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>The regional or national team re-issues a person's link: for what they can do now, to their directory address, audited.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LinkReissueTests(LinkReissueHostFixture fixture) : LinkHostTests(fixture), IClassFixture<LinkReissueHostFixture>
{
    internal const string Drafting = "E54000032";   // South East
    internal const string Awaiting = "E54000033";   // South East
    internal const string Repeated = "E54000034";   // South East

    [Fact]
    public async Task Reissue_PmoOfADraftingSystem_MailsASubmitLinkThatOpens_Audited()
    {
        var pmo = Host.Pmo(Drafting);

        var (status, body) = await ReissueAsync(Drafting, new { person = pmo.Email.ToUpperInvariant(), by = "South East regional team", reason = "The PMO lost the e-mail" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("submit", 0, pmo.Email, false), (Text(body, "action"), body.GetProperty("version").GetInt32(), Text(body, "person"), body.GetProperty("sentBefore").GetBoolean()));
        var copy = Assert.Single(Assert.Single(await NewLinksAsync(Drafting)).Recipients);
        Assert.Equal(pmo.Email, copy.Email);
        Assert.Contains("The PMO lost the e-mail", copy.Text, StringComparison.Ordinal);
        using var client = new LinkClient(Host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(copy.Link!.PathAndQuery)).Status);
        var request = Assert.Single(await RequestsAsync(Drafting));
        Assert.Equal(("reissue", "sent", "South East regional team", "The PMO lost the e-mail", "127.0.0.1"),
            (Text(request, "kind"), Text(request, "outcome"), Text(request, "by"), Text(request, "reason"), Text(request, "clientAddress")));
    }

    [Fact]
    public async Task Reissue_DirectorWithAPlanAwaiting_MailsADecisionLinkForThatVersion_ThatOpensTheDecisionPage()
    {
        await Host.AwaitingAgreementAsync(Awaiting);
        var director = Host.Director(Awaiting);

        var (status, body) = await ReissueAsync(Awaiting, new { person = director.Email, by = "National team", reason = "Mailbox moved" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("decide", 1), (Text(body, "action"), body.GetProperty("version").GetInt32()));
        var copy = Assert.Single(Assert.Single(await NewLinksAsync(Awaiting)).Recipients);
        Assert.Equal(director.Email, copy.Email);
        using var client = new LinkClient(Host.BaseAddress);
        var page = await client.GetAsync(copy.Link!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Agree", page.Heading, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reissue_SameIdempotencyKeyTwice_OneMail()
    {
        var pmo = Host.Pmo(Repeated);
        var asked = new { person = pmo.Email, by = "National team", reason = "Asked by phone" };

        var first = await ReissueAsync(Repeated, asked, key: "reissue-1");
        var second = await ReissueAsync(Repeated, asked, key: "reissue-1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.Status, second.Status));
        Assert.True(second.Body.GetProperty("sentBefore").GetBoolean());
        Assert.Single(await NewLinksAsync(Repeated));
    }

    [Fact]
    public async Task Reissue_EachRefusal_ItsProblem_NoMail_WhatReachedTheInstanceAudited()
    {
        var national = Host.Get<ReferenceData>().Directory.Contacts.First(c => c.Role == ContactRole.National);
        var ok = new { person = Host.Pmo(Drafting).Email, by = "National team", reason = "Lost" };
        var mailBefore = (await Host.MailAsync()).Count(m => m.Kind == "new-link");
        var requestsBefore = (await RequestsAsync(Drafting)).Count;

        var notJson = await PostAsync($"/api/instances/{AppHost.Round}/{Drafting}/links", "{ person: ");
        var unknownField = await PostAsync($"/api/instances/{AppHost.Round}/{Drafting}/links", """{"person": "a@example.org", "by": "x", "reason": "y", "to": "me@example.org"}""");
        var twice = await PostAsync($"/api/instances/{AppHost.Round}/{Drafting}/links", """{"person": "a@example.org", "person": "b@example.org", "by": "x", "reason": "y"}""");
        var missing = await ReissueAsync(Drafting, new { person = " " });
        var lineBroken = await ReissueAsync(Drafting, new { person = "a@example.org\r\nBcc: b@example.org", by = "x", reason = "y" });
        var badKey = await ReissueAsync(Drafting, ok, key: "../x");
        var noInstance = await ReissueAsync("E54000099", ok);
        var noRound = await ReissueAsync(Drafting, ok, round: "2020-21");
        var nobody = await ReissueAsync(Drafting, new { person = "nobody@example.org", by = "National team", reason = "Lost" });
        var nothingToDo = await ReissueAsync(Drafting, new { person = Host.Director(Drafting).Email, by = "National team", reason = "Lost" });
        var deputy = await ReissueAsync(Awaiting, new { person = Host.Deputy(Awaiting).Email, by = "National team", reason = "Lost" });
        var nationalTeam = await ReissueAsync(Drafting, new { person = national.Email, by = "National team", reason = "Lost" });
        using var unknownList = await Host.Api.GetAsync(new Uri($"/api/instances/{AppHost.Round}/E54000099/link-requests", UriKind.Relative));

        foreach (var (answer, expected) in new[]
        {
            (notJson, HttpStatusCode.BadRequest), (unknownField, HttpStatusCode.BadRequest), (twice, HttpStatusCode.BadRequest), (missing, HttpStatusCode.BadRequest),
            (lineBroken, HttpStatusCode.BadRequest), (badKey, HttpStatusCode.BadRequest), (noInstance, HttpStatusCode.NotFound), (noRound, HttpStatusCode.NotFound),
            (nobody, HttpStatusCode.UnprocessableEntity), (nothingToDo, HttpStatusCode.Conflict), (deputy, HttpStatusCode.Conflict), (nationalTeam, HttpStatusCode.Conflict),
        })
        {
            Assert.True(answer.Status == expected, $"expected {expected}, got {answer.Status}: {answer.Body}");
            Assert.Equal((int)expected, answer.Body.GetProperty("status").GetInt32());
        }
        Assert.Equal(HttpStatusCode.NotFound, unknownList.StatusCode);
        Assert.Equal("application/problem+json", unknownList.Content.Headers.ContentType?.MediaType);
        Assert.Equal(mailBefore, (await Host.MailAsync()).Count(m => m.Kind == "new-link"));
        Assert.Equal(["not-in-directory", "no-action", "no-action"], (await RequestsAsync(Drafting)).Skip(requestsBefore).Select(r => Text(r, "outcome")));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ReissueAsync(string system, object body, string? key = null, string round = AppHost.Round)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/instances/{round}/{system}/links", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        using var response = await Host.Api.SendAsync(request);
        return (response.StatusCode, await BodyAsync(response));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Host.Api.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await BodyAsync(response));
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private async Task<List<MailDropEntry>> NewLinksAsync(string system) =>
        [.. (await Host.MailAsync()).Where(m => m.Kind == "new-link" && m.Instance == AppHost.Id(system).ToString())];

    private async Task<List<JsonElement>> RequestsAsync(string system)
    {
        using var response = await Host.Api.GetAsync(new Uri($"/api/instances/{AppHost.Round}/{system}/link-requests", UriKind.Relative));
        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"link-requests answered {(int)response.StatusCode}: {body}");
        return [.. body.GetProperty("requests").EnumerateArray()];
    }

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;
}

/// <summary>The service with the three South East systems sent links here.</summary>
public sealed class LinkReissueHostFixture(AzuriteFixture azurite) : LinkHostFixture(azurite)
{
    protected override IReadOnlyCollection<string> Systems => [LinkReissueTests.Drafting, LinkReissueTests.Awaiting, LinkReissueTests.Repeated];
}
