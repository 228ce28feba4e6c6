using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Notifications.Links;
using static Workflow.EndToEnd.Tests.Support.Form;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>
/// Links in e-mails attacked over real HTTP: every link that is not the right person's, for the right plan, in time,
/// once, with the service's own form, is refused with a page that says so, and nothing at all is recorded.
/// Each test works on systems of its own (in brackets: the region), so the tests do not see each other's changes.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LinkAttackTests(LinkHostFixture fixture) : LinkHostTests(fixture), IClassFixture<LinkHostFixture>
{
    private const string Forged = "E54000010";        // Midlands
    private const string Expired = "E54000011";       // Midlands
    private const string Reused = "E54000012";        // Midlands
    private const string WrongPerson = "E54000013";   // Midlands
    private const string PmoLink = "E54000014";       // Midlands
    private const string Superseded = "E54000015";    // Midlands
    private const string LookedAt = "E54000016";      // Midlands
    private const string NoToken = "E54000017";       // Midlands
    private const string NoComment = "E54000018";     // Midlands
    private const string Undelegated = "E54000036";   // South West: no delegation is ever made there
    private const string Delegated = "E54000027";     // London: the director delegates to the deputy
    private const string Respelled = "E54000019";     // Midlands
    private const string Restarted = "E54000020";     // Midlands

    public static TheoryData<string> ForgeryKinds => ["signature changed", "payload changed", "other key", "claims swapped"];

    public static TheoryData<string> MalformedTokens =>
    [
        "not-a-token",
        "abc.def",
        "a..b",
        "x.",
        "%20.%20",
        "djEKRGVjaWRl.!!!!",
        new string('A', 2100) + ".AAAA",
    ];

    public static TheoryData<string> WrongPeople =>
    [
        "pmo.e54000013@example.org",          // the system's own PMO
        "director.london@example.org",        // a director of another region
        "deputy.london@example.org",          // a deputy of another region
        "planning.lead@example.org",          // the national team
        "someone@example.org",                // nobody in the directory
        "director.midlands@example.org.evil", // the director's address with something added
    ];

    [Theory]
    [MemberData(nameof(ForgeryKinds))]
    public async Task ForgedLink_RefusedAsInvalid_NothingRecorded(string kind)
    {
        await Fixture.AwaitingAgreementOnceAsync(Forged);
        var director = Host.Director(Forged).Email;
        var (payload, signature) = Split(Host.LinkPath(LinkAction.Decide, Forged, director, 1));
        var token = kind switch
        {
            // One character of the signature changed (not the last, whose low bits base64url may ignore).
            "signature changed" => $"{payload}.{(signature[0] == 'A' ? 'B' : 'A')}{signature[1..]}",
            // The payload changed to another person, the genuine signature kept.
            "payload changed" => $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payload)).Replace(director, Host.Pmo(Forged).Email, StringComparison.Ordinal)))}.{signature}",
            // Signed well, with a key that is not the service's.
            "other key" => string.Join('.', Split(Host.LinkPath(LinkAction.Decide, Forged, director, 1, signer: new LinkSigner(
                Microsoft.Extensions.Options.Options.Create(new SignedLinkOptions { SigningKey = Convert.ToBase64String(new byte[32]) }))))),
            // The payload of one genuine link with the signature of another.
            _ => $"{payload}.{Split(Host.LinkPath(LinkAction.Decide, Forged, director, 1)).Signature}",
        };
        Assert.NotEqual($"{payload}.{signature}", token);

        await AssertRefusedAsync(Forged, "/links/" + token, HttpStatusCode.BadRequest, "This link is not valid");
    }

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task MalformedLink_RefusedAsInvalid_NothingRecorded(string token)
    {
        await Fixture.AwaitingAgreementOnceAsync(Forged);

        await AssertRefusedAsync(Forged, "/links/" + token, HttpStatusCode.BadRequest, "This link is not valid");
    }

    [Fact]
    public async Task SignedButUnreadableClaims_RefusedAsInvalid()
    {
        await Fixture.AwaitingAgreementOnceAsync(Forged);
        // A correct signature over a payload that is not claims: only the service's key could make this, but it must still not pass.
        var key = Convert.FromBase64String(Host.SigningKey);
        var payload = Encoding.UTF8.GetBytes("v1\nDecide\n2019-20|E54000010\ndirector.midlands@example.org\none\n9999999999\nnonce");
        var token = $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(key, payload))}";

        await AssertRefusedAsync(Forged, "/links/" + token, HttpStatusCode.BadRequest, "This link is not valid");
    }

    [Fact]
    public async Task ExpiredLink_RefusedWithItsExpiry_NothingRecorded()
    {
        await Fixture.AwaitingAgreementOnceAsync(Expired);
        var director = Host.Director(Expired).Email;
        // The service's clock runs on in real time from the morning of 14 November.
        var now = Host.Clock.GetUtcNow();

        // Long gone, and expiring this very instant (a link is good until, not at, its expiry).
        foreach (var expires in (DateTimeOffset[])[now.AddDays(-30), now])
        {
            var link = Host.LinkPath(LinkAction.Decide, Expired, director, 1, expires);
            var page = await AssertRefusedAsync(Expired, link, HttpStatusCode.Gone, "This link has expired");
            Assert.Contains(expires == now ? AppHost.Shown(now) : "Tuesday 15 October 2019", page.Text, StringComparison.Ordinal);
        }

        // A little later and the same claims are good.
        using var client = new LinkClient(Host.BaseAddress);
        var good = await client.GetAsync(Host.LinkPath(LinkAction.Decide, Expired, director, 1, Host.Clock.GetUtcNow().AddSeconds(30)));
        Assert.True(good.Status == HttpStatusCode.OK && good.Heading.StartsWith("Agree ", StringComparison.Ordinal), good.ToString());
    }

    [Fact]
    public async Task ReusedLink_SecondPostAlreadyRecorded_OneDecision()
    {
        await Fixture.AwaitingAgreementOnceAsync(Reused);
        var link = await ApprovalRequestLinkAsync(Reused);
        using var client = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await client.OpenFormAsync(link);

        var first = await client.PostFormAsync(link, antiforgery, Field("outcome", "agreed"), Field("comment", ""));
        var afterFirst = await Host.InstanceAsync(Reused);
        var second = await client.PostFormAsync(link, antiforgery, Field("outcome", "changes-requested"), Field("comment", "On second thoughts…"));
        var again = await client.GetAsync(link);

        AssertPage(first, HttpStatusCode.OK, "Recorded");
        Assert.Contains("You agreed version 1", first.Text, StringComparison.Ordinal);
        AssertPage(second, HttpStatusCode.OK, "Already recorded");
        AssertPage(again, HttpStatusCode.OK, "Already recorded");
        Assert.Null(again.Antiforgery); // no form to send again
        var after = await Host.InstanceAsync(Reused);
        AssertUnchanged(afterFirst, after);
        Assert.Equal("agreed", after.Stage);
        var decision = Assert.Single(after.Decisions);
        Assert.Equal("Agreed", decision.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task UsedLinkSpelledAnotherWay_RefusedAsInvalid_NothingRecorded()
    {
        // The PMO's link has submitted the draft; the same bytes spelled with padding must not submit the final plan too.
        var link = Host.LinkPath(LinkAction.Submit, Respelled, Host.Pmo(Respelled).Email, 0);
        using var client = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await client.OpenFormAsync(link);
        using var draft = new MultipartFormDataContent
        {
            { new StringContent(antiforgery.Value), antiforgery.Key },
            { new StringContent("https://plans.example.org/E54000019/draft.pdf"), "reference" },
            { new StringContent("draft"), "milestone" },
        };
        AssertPage(await client.PostAsync(link, draft), HttpStatusCode.OK, "Recorded");
        var before = await Host.InstanceAsync(Respelled);
        Assert.Equal("final-due", before.Stage);
        // A form token from the PMO's page for the final plan, so only the link is at fault.
        var (_, fresh) = await client.OpenFormAsync(Host.LinkPath(LinkAction.Submit, Respelled, Host.Pmo(Respelled).Email, 0));

        foreach (var respelled in (string[])[link + "=", link + "%3D", link + "%20"])
        {
            AssertPage(await client.GetAsync(respelled), HttpStatusCode.BadRequest, "This link is not valid");
            using var final = new MultipartFormDataContent
            {
                { new StringContent(fresh.Value), fresh.Key },
                { new StringContent("https://plans.example.org/E54000019/final.pdf"), "reference" },
                { new StringContent("final"), "milestone" },
            };
            AssertPage(await client.PostAsync(respelled, final), HttpStatusCode.BadRequest, "This link is not valid");
        }
        AssertUnchanged(before, await Host.InstanceAsync(Respelled));
    }

    [Fact]
    public async Task DecisionLinkFromBeforeARestart_NoLongerAwaitingADecision_NothingRecorded()
    {
        await Host.AwaitingAgreementAsync(Restarted);
        var link = Host.LinkPath(LinkAction.Decide, Restarted, Host.Director(Restarted).Email, 1);
        using (var restart = await Host.Api.PostAsJsonAsync(new Uri($"/api/instances/{AppHost.Round}/{Restarted}/restart", UriKind.Relative), new { reason = "Footprint merged", by = "National team" }))
        {
            Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        }
        using var client = new LinkClient(Host.BaseAddress);
        await Fixture.AwaitingAgreementOnceAsync(Forged);
        var (_, antiforgery) = await client.OpenFormAsync(Host.LinkPath(LinkAction.Decide, Forged, Host.Director(Forged).Email, 1));
        var before = await Host.InstanceAsync(Restarted);

        var shown = await client.GetAsync(link);
        var posted = await client.PostFormAsync(link, antiforgery, Field("outcome", "agreed"), Field("comment", ""));

        foreach (var page in new[] { shown, posted })
        {
            AssertPage(page, HttpStatusCode.Conflict, "This plan is no longer awaiting a decision");
            Assert.Contains("This link is for version 1 of the plan", page.Text, StringComparison.Ordinal);
        }
        AssertUnchanged(before, await Host.InstanceAsync(Restarted));
    }

    [Theory]
    [MemberData(nameof(WrongPeople))]
    public async Task DecisionLinkForSomeoneElse_Forbidden_NothingRecorded(string person)
    {
        await Fixture.AwaitingAgreementOnceAsync(WrongPerson);

        var page = await AssertRefusedAsync(WrongPerson, Host.LinkPath(LinkAction.Decide, WrongPerson, person, 1), HttpStatusCode.Forbidden, "This link is not for you to use now");

        Assert.DoesNotContain(person, page.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SubmitLinkOfAnotherSystemsPmo_Forbidden_NothingRecorded()
    {
        await Fixture.AwaitingAgreementOnceAsync(WrongPerson);

        await AssertRefusedAsync(WrongPerson, Host.LinkPath(LinkAction.Submit, WrongPerson, Host.Pmo(Forged).Email, 1), HttpStatusCode.Forbidden, "This link is not for you to use now");
    }

    [Fact]
    public async Task PmosOwnLink_UsedToPostADecision_NothingRecorded()
    {
        await Fixture.AwaitingAgreementOnceAsync(PmoLink);
        // The PMO's genuine link from the mail confirming the final plan: a link to the system page, not to decide.
        var mail = (await Host.MailAsync(m => m.Kind == "submission-received" && m.Instance == $"{AppHost.Round}|{PmoLink}" && m.PlanVersion == 1))[0];
        var link = mail.Recipients.Single(r => !r.Copied).Link!.AbsolutePath;
        Assert.Null(mail.Recipients.Single(r => r.Copied).Link); // the director is copied, without a link
        using var client = new LinkClient(Host.BaseAddress);
        var page = await client.GetAsync(link);
        AssertPage(page, HttpStatusCode.OK, page.Heading);
        Assert.Contains("Nothing is due from", page.Text, StringComparison.Ordinal);
        Assert.Null(page.Antiforgery); // no form: nothing to send from here now
        // A form token from a page this browser has open anyway, so only the link is at fault.
        var (_, antiforgery) = await client.OpenFormAsync(Host.LinkPath(LinkAction.Decide, PmoLink, Host.Director(PmoLink).Email, 1));
        var before = await Host.InstanceAsync(PmoLink);

        var posted = await client.PostFormAsync(link, antiforgery, Field("outcome", "agreed"), Field("comment", "Agreed by the PMO"));

        AssertPage(posted, HttpStatusCode.BadRequest, "Please check the form");
        Assert.Contains("Nothing is due from this system now.", posted.Text, StringComparison.Ordinal);
        AssertUnchanged(before, await Host.InstanceAsync(PmoLink));
    }

    [Fact]
    public async Task DeputyWithoutDelegation_Forbidden_NothingRecorded()
    {
        await Fixture.AwaitingAgreementOnceAsync(Undelegated);

        await AssertRefusedAsync(Undelegated, Host.LinkPath(LinkAction.Decide, Undelegated, Host.Deputy(Undelegated).Email, 1), HttpStatusCode.Forbidden, "This link is not for you to use now");
    }

    [Fact]
    public async Task DeputyTriesToDelegate_Forbidden_NoDelegation()
    {
        await Fixture.AwaitingAgreementOnceAsync(Undelegated);
        var director = Host.LinkPath(LinkAction.Decide, Undelegated, Host.Director(Undelegated).Email, 1);
        using var client = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await client.OpenFormAsync(director);
        var deputyLink = Host.LinkPath(LinkAction.Decide, Undelegated, Host.Deputy(Undelegated).Email, 1);

        // The deputy's own (refused) link cannot delegate to itself.
        var refused = await client.PostFormAsync(deputyLink + "/delegate", antiforgery, Field("deputy", Host.Deputy(Undelegated).Email), Field("until", "2019-12-20"));

        AssertPage(refused, HttpStatusCode.Forbidden, "This link is not for you to use now");
        AssertPage(await client.GetAsync(deputyLink), HttpStatusCode.Forbidden, "This link is not for you to use now");
    }

    [Fact]
    public async Task DeputyWithDelegationFromTheDirectorsForm_MayDecide()
    {
        await Fixture.AwaitingAgreementOnceAsync(Delegated);
        var deputy = Host.Deputy(Delegated);
        var deputyLink = Host.LinkPath(LinkAction.Decide, Delegated, deputy.Email, 1);
        using var deputyClient = new LinkClient(Host.BaseAddress);
        AssertPage(await deputyClient.GetAsync(deputyLink), HttpStatusCode.Forbidden, "This link is not for you to use now");

        // The director opens their page and delegates through the form under "Away? Let your deputy decide".
        using var directorClient = new LinkClient(Host.BaseAddress);
        var directorLink = Host.LinkPath(LinkAction.Decide, Delegated, Host.Director(Delegated).Email, 1);
        var (directorPage, directorToken) = await directorClient.OpenFormAsync(directorLink);
        Assert.Contains($"action=\"{directorLink}/delegate\"", directorPage.Html, StringComparison.Ordinal);
        var tooLong = await directorClient.PostFormAsync(directorLink + "/delegate", directorToken, Field("deputy", deputy.Email), Field("until", "2020-06-30"));
        AssertPage(tooLong, HttpStatusCode.BadRequest, "Please check the form");
        foreach (var until in (string[])["20/12/2019", "12/20/2019", "2019-13-01", "9999-12-31", "2019-11-13", ""])
        {
            var refused = await directorClient.PostFormAsync(directorLink + "/delegate", directorToken, Field("deputy", deputy.Email), Field("until", until));
            AssertPage(refused, HttpStatusCode.BadRequest, "Please check the form");
        }
        var notADeputy = await directorClient.PostFormAsync(directorLink + "/delegate", directorToken, Field("deputy", "deputy.midlands@example.org"), Field("until", "2019-12-20"));
        AssertPage(notADeputy, HttpStatusCode.BadRequest, "Please check the form");
        AssertPage(await deputyClient.GetAsync(deputyLink), HttpStatusCode.Forbidden, "This link is not for you to use now");
        var delegated = await directorClient.PostFormAsync(directorLink + "/delegate", directorToken, Field("deputy", deputy.Email.ToUpperInvariant()), Field("until", "2019-12-20"));
        AssertPage(delegated, HttpStatusCode.OK, "Delegation recorded");
        Assert.Contains($"{deputy.Name} can agree plans or ask for changes for your region until the end of Friday 20 December 2019", delegated.Text, StringComparison.Ordinal);

        // Now the deputy's link opens the decision page (without a delegation form of its own) and records the decision.
        var (deputyPage, deputyToken) = await deputyClient.OpenFormAsync(deputyLink);
        Assert.DoesNotContain("/delegate", deputyPage.Html, StringComparison.Ordinal);
        Assert.Contains($"{deputy.Name} ({deputy.Email})", deputyPage.Text, StringComparison.Ordinal);
        var recorded = await deputyClient.PostFormAsync(deputyLink, deputyToken, Field("outcome", "agreed"), Field("comment", "Agreed while the director is away."));

        AssertPage(recorded, HttpStatusCode.OK, "Recorded");
        var after = await Host.InstanceAsync(Delegated);
        Assert.Equal("agreed", after.Stage);
        var decision = Assert.Single(after.Decisions);
        Assert.Equal(deputy.Name, decision.GetProperty("by").GetString());
        Assert.Equal(deputy.Email, decision.GetProperty("via").GetProperty("person").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task LinkForASupersededVersion_ConflictNamingTheNewer_NothingRecorded()
    {
        await Fixture.AwaitingAgreementOnceAsync(Superseded);
        var director = Host.Director(Superseded).Email;
        // Two links for version 1, as the approval request and a reminder would carry.
        var request = Host.LinkPath(LinkAction.Decide, Superseded, director, 1);
        var reminder = Host.LinkPath(LinkAction.Decide, Superseded, director, 1);
        using var client = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await client.OpenFormAsync(request);
        const string comment = "Add the <b>workforce</b> plan & \"capital\" bids.";
        AssertPage(await client.PostFormAsync(request, antiforgery, Field("outcome", "changes-requested"), Field("comment", comment)), HttpStatusCode.OK, "Recorded");
        await Host.SubmitAsync(Superseded, "resubmission");
        Assert.Equal(2, (await Host.InstanceAsync(Superseded)).PlanVersion);

        var page = await AssertRefusedAsync(Superseded, reminder, HttpStatusCode.Conflict, "A newer version of this plan has been submitted");
        Assert.Contains("This link is for version 1 of the plan; version 2 has been submitted since.", page.Text, StringComparison.Ordinal);

        // The link for version 2 shows the earlier decision, its comment as text, never as markup.
        var (current, _) = await client.OpenFormAsync(Host.LinkPath(LinkAction.Decide, Superseded, director, 2));
        Assert.Contains("Add the &lt;b&gt;workforce&lt;/b&gt; plan &amp; &quot;capital&quot; bids.", current.Html, StringComparison.Ordinal);
        Assert.Contains($"Changes requested by {Host.Director(Superseded).Name}", current.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>workforce</b>", current.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOfADecisionLink_ManyTimes_ChangesNothing()
    {
        await Fixture.AwaitingAgreementOnceAsync(LookedAt);
        var link = Host.LinkPath(LinkAction.Decide, LookedAt, Host.Director(LookedAt).Email, 1);
        var before = await Host.InstanceAsync(LookedAt);
        var mail = await MailCountAsync(LookedAt);

        // A mail scanner, a preview pane, a person opening the mail again and again; some at once.
        for (var batch = 0; batch < 5; batch++)
        {
            var pages = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            {
                using var client = new LinkClient(Host.BaseAddress);
                var page = await client.GetAsync(link);
                using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, link));
                // HEAD answers as GET does (some scanners check a link that way), with no body.
                Assert.Equal(HttpStatusCode.OK, head.StatusCode);
                Assert.Equal("text/html", head.Content.Headers.ContentType?.MediaType);
                Assert.Empty(await head.Content.ReadAsByteArrayAsync());
                var document = await client.GetAsync(link + "/document/1");
                Assert.Equal(HttpStatusCode.Redirect, document.Status); // to where the plan is held
                return page;
            }));
            Assert.All(pages, p => Assert.True(p.Status == HttpStatusCode.OK && p.Heading.StartsWith("Agree ", StringComparison.Ordinal), p.ToString()));
        }

        AssertUnchanged(before, await Host.InstanceAsync(LookedAt));
        Assert.Equal(mail, await MailCountAsync(LookedAt));
        Assert.Equal("awaiting-agreement", (await Host.InstanceAsync(LookedAt)).Stage);

        // And the link still works: looking did not use it up.
        using var person = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await person.OpenFormAsync(link);
        AssertPage(await person.PostFormAsync(link, antiforgery, Field("outcome", "agreed")), HttpStatusCode.OK, "Recorded");
    }

    [Fact]
    public async Task PostWithoutTheAntiforgeryToken_BadRequest_NothingRecorded()
    {
        await Fixture.AwaitingAgreementOnceAsync(NoToken);
        var link = Host.LinkPath(LinkAction.Decide, NoToken, Host.Director(NoToken).Email, 1);
        using var person = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await person.OpenFormAsync(link);
        var before = await Host.InstanceAsync(NoToken);

        // No token at all; the token without its cookie (a page posted from another site); the cookie with a made-up token.
        using var stranger = new LinkClient(Host.BaseAddress);
        var pages = new[]
        {
            await person.PostFormAsync(link, Field("outcome", "agreed")),
            await stranger.PostFormAsync(link, antiforgery, Field("outcome", "agreed")),
            await person.PostFormAsync(link, Field(antiforgery.Key, antiforgery.Value[..^4] + "AAAA"), Field("outcome", "agreed")),
            await stranger.PostFormAsync(link + "/delegate", antiforgery, Field("deputy", Host.Deputy(NoToken).Email), Field("until", "2019-12-20")),
        };

        Assert.All(pages, p => AssertPage(p, HttpStatusCode.BadRequest, "This form has expired"));
        AssertUnchanged(before, await Host.InstanceAsync(NoToken));
        AssertPage(await new LinkClient(Host.BaseAddress).GetAsync(Host.LinkPath(LinkAction.Decide, NoToken, Host.Deputy(NoToken).Email, 1)), HttpStatusCode.Forbidden, "This link is not for you to use now");
    }

    [Fact]
    public async Task PostThatIsNotAForm_TokenInAHeader_RefusedAsAPage_NothingRecorded()
    {
        await Fixture.AwaitingAgreementOnceAsync(NoToken);
        var link = Host.LinkPath(LinkAction.Decide, NoToken, Host.Director(NoToken).Email, 1);
        using var person = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await person.OpenFormAsync(link);
        var before = await Host.InstanceAsync(NoToken);

        foreach (var target in (string[])[link, link + "/delegate"])
        {
            // A script posting JSON with the page's token in the header the anti-forgery service also reads.
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, UriKind.Relative))
            {
                Content = new StringContent("""{"outcome":"agreed"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("RequestVerificationToken", antiforgery.Value);
            using var response = await person.SendAsync(request);
            var page = new Page(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());

            AssertPage(page, HttpStatusCode.UnsupportedMediaType, "Please check the form");
        }
        AssertUnchanged(before, await Host.InstanceAsync(NoToken));
    }

    [Fact]
    public async Task AskingForChangesWithoutAComment_BadRequest_NothingRecordedAndTheLinkStillWorks()
    {
        await Fixture.AwaitingAgreementOnceAsync(NoComment);
        var link = Host.LinkPath(LinkAction.Decide, NoComment, Host.Director(NoComment).Email, 1);
        using var client = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await client.OpenFormAsync(link);
        var before = await Host.InstanceAsync(NoComment);

        var empty = await client.PostFormAsync(link, antiforgery, Field("outcome", "changes-requested"), Field("comment", ""));
        var blank = await client.PostFormAsync(link, antiforgery, Field("outcome", "changes-requested"), Field("comment", " \r\n\t "));
        var missing = await client.PostFormAsync(link, antiforgery, Field("outcome", "changes-requested"));
        var noOutcome = await client.PostFormAsync(link, antiforgery, Field("comment", "Looks fine"));
        var oddOutcome = await client.PostFormAsync(link, antiforgery, Field("outcome", "rejected"), Field("comment", "No"));
        var overlong = await client.PostFormAsync(link, antiforgery, Field("outcome", "changes-requested"), Field("comment", new string('x', 4001)));

        var heading = (await client.GetAsync(link)).Heading;
        foreach (var page in (Page[])[empty, blank, missing])
        {
            AssertSentBack(page, heading, "comment", "Say what needs to change: the comment is required when asking for changes");
            // What was chosen is still chosen.
            Assert.Contains("value=\"changes-requested\" checked", page.Html, StringComparison.Ordinal);
        }
        foreach (var page in (Page[])[noOutcome, oddOutcome])
        {
            AssertSentBack(page, heading, "outcome", "Choose whether to agree the plan or ask for changes");
        }
        // What was written is kept, so nothing has to be typed again.
        Assert.Contains(">Looks fine</textarea>", noOutcome.Html, StringComparison.Ordinal);
        AssertSentBack(overlong, heading, "comment", "Keep the comment to 4,000 characters or fewer; a longer note can go in a document with the plan");
        AssertUnchanged(before, await Host.InstanceAsync(NoComment));

        var fixedUp = await client.PostFormAsync(link, antiforgery, Field("outcome", "changes-requested"), Field("comment", "Show the capital plan."));
        AssertPage(fixedUp, HttpStatusCode.OK, "Recorded");
        var after = await Host.InstanceAsync(NoComment);
        Assert.Equal("changes-requested", after.Stage);
        Assert.Equal("Show the capital plan.", Assert.Single(after.Decisions).GetProperty("comment").GetString());
    }

    internal static void AssertPage(Page page, HttpStatusCode status, string heading)
    {
        Assert.True(page.Status == status && page.Heading == heading, $"Expected {(int)status} \"{heading}\", got {page}");
        Assert.Equal("text/html", page.ContentType);
        Assert.Contains("/assets/nhsuk-frontend.min.css", page.Html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same page sent back to be corrected, as the NHS pattern has it: "Error:" in its title, a summary of the problem
    /// linking to the answer, the message beside the answer, and a fresh form to send again.
    /// </summary>
    internal static void AssertSentBack(Page page, string heading, string field, string message)
    {
        AssertPage(page, HttpStatusCode.BadRequest, heading);
        Assert.Contains("<title>Error: ", page.Html, StringComparison.Ordinal);
        Assert.Contains("There is a problem", page.Text, StringComparison.Ordinal);
        // Encoded as the pages' renderer encodes text.
        var encoded = System.Text.Encodings.Web.HtmlEncoder.Default.Encode(message);
        Assert.Matches($@"<a href=""#{field}[^""]*"">{System.Text.RegularExpressions.Regex.Escape(encoded)}</a>", page.Html);
        Assert.Contains($"id=\"{field}-error\"><span class=\"nhsuk-u-visually-hidden\">Error:</span> {encoded}", page.Html, StringComparison.Ordinal);
        Assert.NotNull(page.Antiforgery);
    }

    internal static void AssertUnchanged(InstanceFacts before, InstanceFacts after) =>
        Assert.True(before.SameAs(after), $"Something was recorded.\nBefore: {before}\nAfter:  {after}");

    /// <summary>GET and POST (with a valid anti-forgery pair, so only the link is at fault) both refused; nothing recorded.</summary>
    private async Task<Page> AssertRefusedAsync(string system, string link, HttpStatusCode status, string heading)
    {
        using var client = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await client.OpenFormAsync(Host.LinkPath(LinkAction.Decide, system, Host.Director(system).Email, Math.Max(1, (await Host.InstanceAsync(system)).PlanVersion)));
        var before = await Host.InstanceAsync(system);

        var shown = await client.GetAsync(link);
        var agreed = await client.PostFormAsync(link, antiforgery, Field("outcome", "agreed"), Field("comment", ""));
        var changes = await client.PostFormAsync(link, antiforgery, Field("outcome", "changes-requested"), Field("comment", "Please change it."));

        AssertPage(shown, status, heading);
        AssertPage(agreed, status, heading);
        AssertPage(changes, status, heading);
        if (status == HttpStatusCode.Gone)
        {
            // An expired link's page has one form, and it asks only for a new link.
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(shown.Html, "<form "));
            Assert.Contains($"<form method=\"post\" action=\"{link}/renew\"", shown.Html, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(shown.Antiforgery); // a refusal carries no form
        }
        AssertUnchanged(before, await Host.InstanceAsync(system));
        return shown;
    }

    /// <summary>A link's two halves: the claims and the signature, both base64url.</summary>
    private static (string Payload, string Signature) Split(string link)
    {
        var token = link["/links/".Length..];
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        return (token[..dot], token[(dot + 1)..]);
    }

    private async Task<string> ApprovalRequestLinkAsync(string system)
    {
        var mail = Assert.Single(await Host.MailAsync(m => m.Kind == "approval-request" && m.Instance == $"{AppHost.Round}|{system}"));
        var copy = Assert.Single(mail.Recipients);
        Assert.Equal(Host.Director(system).Email, copy.Email);
        Assert.Equal(Host.BaseAddress.Authority, copy.Link!.Authority);
        return copy.Link.AbsolutePath;
    }

    /// <summary>How many messages about the system the service has sent so far.</summary>
    private async Task<int> MailCountAsync(string system) =>
        (await Host.MailAsync()).Count(m => m.Instance == $"{AppHost.Round}|{system}");
}
