using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Testing;
using static Workflow.EndToEnd.Tests.Links.LinkAttackTests;
using static Workflow.EndToEnd.Tests.Support.Form;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>
/// What people read on the pages their links open, on Thursday 14 November 2019, the day before final plans are due:
/// the system's timeline as it stands that day, what the director asked to change, and every version of a plan with
/// what was decided on it. Each test works on systems of its own.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class PageContentTests(PageContentHostFixture fixture) : LinkHostTests(fixture), IClassFixture<PageContentHostFixture>
{
    internal const string NoDraft = "E54000040";      // South West
    internal const string DraftIn = "E54000041";      // South West
    internal const string SentBack = "E54000042";     // South East
    internal const string Resubmitted = "E54000043";  // South West
    internal const string Noticed = "E54000044";      // South East
    internal const string FedBack = "E54000038";      // South West
    internal const string Reviewed = "E54000039";     // South West, reviewed by Devon
    internal const string Reviewer = "E54000037";     // South West
    internal const string Hostile = "E54000035";      // South East

    [Fact]
    public async Task SystemPage_DraftNeverSent_OverdueDraftAndOpenFinal()
    {
        using var client = new LinkClient(Host.BaseAddress);

        var page = await client.GetAsync(Host.LinkPath(LinkAction.Submit, NoDraft, Host.Pmo(NoDraft).Email, 0));

        AssertPage(page, HttpStatusCode.OK, page.Heading);
        Assert.Equal("Overdue", TimelineStatus(page, "Draft (initial) system plan"));
        // The footprint notice was optional: none given by 31 July is not a missed deadline.
        Assert.Equal("None given", TimelineStatus(page, "Footprint change notice to the regional director"));
        Assert.Equal("Not yet", TimelineStatus(page, "Final system plan"));
        Assert.Contains("Submit the draft (initial) system plan", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemPage_DraftInFinalDueTomorrow_FinalOpenNotOverdue()
    {
        await Host.SubmitAsync(DraftIn, "draft");
        using var client = new LinkClient(Host.BaseAddress);

        var page = await client.GetAsync(Host.LinkPath(LinkAction.Submit, DraftIn, Host.Pmo(DraftIn).Email, 0));

        Assert.StartsWith("Done late, Thursday 14 November 2019", TimelineStatus(page, "Draft (initial) system plan"), StringComparison.Ordinal);
        Assert.Equal("Open", TimelineStatus(page, "Final system plan"));
    }

    [Fact]
    public async Task SystemPage_ChangesRequested_ShowsTheDirectorsCommentAboveTheResubmissionForm()
    {
        await Host.AwaitingAgreementAsync(SentBack);
        await Host.DecideAsync(SentBack, "changes-requested", 1, "Show the <b>workforce</b> numbers for 2023/24.");
        using var client = new LinkClient(Host.BaseAddress);

        var page = await client.GetAsync(Host.LinkPath(LinkAction.Submit, SentBack, Host.Pmo(SentBack).Email, 1));

        AssertPage(page, HttpStatusCode.OK, page.Heading);
        var decidedAt = Assert.Single((await Host.InstanceAsync(SentBack)).Decisions).GetProperty("at").GetDateTimeOffset();
        Assert.Contains($"{Host.Director(SentBack).Name} asked for changes to version 1 on {AppHost.Shown(decidedAt)}:", page.Text, StringComparison.Ordinal);
        Assert.StartsWith("Thursday 14 November 2019, ", AppHost.Shown(decidedAt), StringComparison.Ordinal);
        // What the director wrote is shown as written, never as markup.
        Assert.Contains("Show the <b>workforce</b> numbers for 2023/24.", page.Text, StringComparison.Ordinal);
        Assert.Contains("Show the &lt;b&gt;workforce&lt;/b&gt;", page.Html, StringComparison.Ordinal);
        Assert.True(page.Text.IndexOf("Changes requested", StringComparison.Ordinal) < page.Text.IndexOf("Submit the", StringComparison.Ordinal), page.ToString());
    }

    [Fact]
    public async Task DecisionPage_SecondVersion_ListsBothVersionsWithTheirDocumentsAndTheEarlierDecision()
    {
        // The PMO resubmits through the system page, after the director asked for changes to version 1.
        await Host.AwaitingAgreementAsync(Resubmitted);
        await Host.DecideAsync(Resubmitted, "changes-requested", 1, "Show the workforce numbers.");
        using var pmo = new LinkClient(Host.BaseAddress);
        var systemLink = Host.LinkPath(LinkAction.Submit, Resubmitted, Host.Pmo(Resubmitted).Email, 1);
        var (_, pmoForm) = await pmo.OpenFormAsync(systemLink);
        var resubmitted = await pmo.PostAsync(systemLink, new MultipartFormDataContent
        {
            { new StringContent(pmoForm.Value), pmoForm.Key },
            { new StringContent("https://plans.example.org/E54000043/final-v2.pdf"), "reference" },
            { new StringContent("resubmission"), "milestone" },
        });
        AssertPage(resubmitted, HttpStatusCode.OK, "Recorded");

        using var director = new LinkClient(Host.BaseAddress);
        var decisionLink = Host.LinkPath(LinkAction.Decide, Resubmitted, Host.Director(Resubmitted).Email, 2);
        var (page, _) = await director.OpenFormAsync(decisionLink);

        var rows = VersionRows().Matches(page.Html).Select(m => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(m.Value, "<[^>]+>", " ")), @"\s+", " ").Trim()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("Open version 2 of the plan Thursday 14 November 2019", rows[0], StringComparison.Ordinal);
        Assert.EndsWith("Awaiting your decision", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("Open version 1 of the plan Thursday 14 November 2019", rows[1], StringComparison.Ordinal);
        Assert.Contains($"Changes requested by {Host.Director(Resubmitted).Name}", rows[1], StringComparison.Ordinal);
        Assert.Contains("Show the", rows[1], StringComparison.Ordinal);
        // Each version's document opens from the page: version 2 is the address the PMO gave.
        var document = await director.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(decisionLink + "/document/2", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.Redirect, document.StatusCode);
        Assert.Equal(new Uri("https://plans.example.org/E54000043/final-v2.pdf"), document.Headers.Location);
    }

    [Fact]
    public async Task FootprintNotice_GivenFromTheSystemPage_TheDirectorReadsItWhenAcknowledging()
    {
        var pmoLink = Host.LinkPath(LinkAction.Submit, Noticed, Host.Pmo(Noticed).Email, 0);
        using var pmo = new LinkClient(Host.BaseAddress);
        var (page, antiforgery) = await pmo.OpenFormAsync(pmoLink);
        Assert.Contains("Footprint change notice (optional)", page.Text, StringComparison.Ordinal);
        var before = await Host.InstanceAsync(Noticed);

        // Each answer is needed; a form without one records nothing.
        foreach (var (fields, field, message) in ((KeyValuePair<string, string>[], string, string)[])[
            ([Field("form", "footprint-notice"), Field("from", "Oxfordshire County Council"), Field("summary", "Moving to the BOB footprint.")],
                "source", "Say whether the system or a local authority is giving notice"),
            ([Field("form", "footprint-notice"), Field("source", "local-authority"), Field("summary", "Moving to the BOB footprint.")],
                "from", "Give the name of the organisation giving notice"),
            ([Field("form", "footprint-notice"), Field("source", "local-authority"), Field("from", "Oxfordshire County Council"), Field("summary", " ")],
                "summary", "Say what is changing in the footprint")])
        {
            var sentBack = await pmo.PostFormAsync(pmoLink, [antiforgery, .. fields]);
            AssertSentBack(sentBack, page.Heading, field, message);
            Assert.Contains(field == "from" ? "Moving to the BOB footprint." : "Oxfordshire County Council", sentBack.Html, StringComparison.Ordinal);
        }
        AssertUnchanged(before, await Host.InstanceAsync(Noticed));

        var given = await pmo.PostFormAsync(pmoLink, antiforgery, Field("form", "footprint-notice"), Field("source", "local-authority"),
            Field("from", "Oxfordshire County Council"), Field("summary", "Oxfordshire's <b>district</b> boundaries move on 1 April."));

        AssertPage(given, HttpStatusCode.OK, "Recorded");
        Assert.Contains("footprint change notice has been sent to the regional director", given.Text, StringComparison.Ordinal);
        var after = await Host.InstanceAsync(Noticed);
        Assert.Equal("drafting", after.Stage);
        Assert.Contains("FootprintNoticeGiven", after.History);
        using var director = new LinkClient(Host.BaseAddress);
        var (acknowledge, _) = await director.OpenFormAsync(Host.LinkPath(LinkAction.Acknowledge, Noticed, Host.Director(Noticed).Email, 1));
        Assert.Equal("Footprint change notice from Oxfordshire County Council", acknowledge.Heading);
        Assert.Contains("What is changing Oxfordshire's <b>district</b> boundaries move on 1 April.", acknowledge.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>district</b>", acknowledge.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerFeedback_WrittenOnThePeerPage_ReachesTheReviewedSystemsPmo()
    {
        await Host.SubmitAsync(Reviewed, "draft", "https://plans.example.org/E54000039/draft.pdf");
        using (var paired = await Host.Api.PostAsJsonAsync(new Uri($"/api/rounds/{AppHost.Round}/systems/{Reviewed}/peer", UriKind.Relative), new { peer = Reviewer }))
        {
            Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        }
        var link = Host.LinkPath(LinkAction.PeerFeedback, Reviewed, Host.Pmo(Reviewer).Email, 0);
        using var peer = new LinkClient(Host.BaseAddress);
        var (page, antiforgery) = await peer.OpenFormAsync(link);
        var draft = await peer.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(link + "/document/0", UriKind.Relative)));
        Assert.Equal(new Uri("https://plans.example.org/E54000039/draft.pdf"), draft.Headers.Location);
        Assert.Contains("Open the draft plan", page.Text, StringComparison.Ordinal);

        var sent = await peer.PostFormAsync(link, antiforgery, Field("feedback", "Strong on prevention; the workforce numbers do not add up."));

        AssertPage(sent, HttpStatusCode.OK, "Recorded");
        Assert.Contains("Your feedback has been sent to", sent.Text, StringComparison.Ordinal);
        var received = Assert.Single(await Host.MailAsync(m => m.Kind == "peer-feedback-received" && m.Instance == $"{AppHost.Round}|{Reviewed}"));
        var toPmo = Assert.Single(received.Recipients, r => !r.Copied);
        Assert.Equal(Host.Pmo(Reviewed).Email, toPmo.Email);
        Assert.Contains("Strong on prevention; the workforce numbers do not add up.", toPmo.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegionalFeedback_FromTheDirectorsCopyOfTheDraftsReceipt_GoesToThePmo()
    {
        await Host.SubmitAsync(FedBack, "draft", "https://plans.example.org/E54000038/draft.pdf");
        var receipt = Assert.Single(await Host.MailAsync(m => m.Kind == "submission-received" && m.Instance == $"{AppHost.Round}|{FedBack}"));
        var copy = Assert.Single(receipt.Recipients, r => r.Copied);
        Assert.Equal(Host.Director(FedBack).Email, copy.Email);
        Assert.Contains("Give the region's feedback on the draft", copy.Text, StringComparison.Ordinal);
        using var director = new LinkClient(Host.BaseAddress);
        var (page, antiforgery) = await director.OpenFormAsync(copy.Link!.AbsolutePath);
        Assert.Equal($"Feedback on {Host.Get<Workflow.Functions.Rounds.ReferenceData>().Directory.Systems.Single(s => s.Code.Value == FedBack).Name}'s draft plan", page.Heading);
        var draft = await director.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(copy.Link.AbsolutePath + "/document/0", UriKind.Relative)));
        Assert.Equal(new Uri("https://plans.example.org/E54000038/draft.pdf"), draft.Headers.Location);
        var before = await Host.InstanceAsync(FedBack);

        AssertSentBack(await director.PostFormAsync(copy.Link.AbsolutePath, antiforgery, Field("feedback", " ")), page.Heading, "feedback", "Write the region's feedback on the draft plan");
        AssertUnchanged(before, await Host.InstanceAsync(FedBack));
        var sent = await director.PostFormAsync(copy.Link.AbsolutePath, antiforgery, Field("feedback", "Show how the workforce plan closes the nursing gap."));

        AssertPage(sent, HttpStatusCode.OK, "Recorded");
        Assert.Contains("Your feedback has been sent to", sent.Text, StringComparison.Ordinal);
        Assert.Contains("RegionalFeedbackGiven", (await Host.InstanceAsync(FedBack)).History);
        var toPmo = Assert.Single(await Host.MailAsync(m => m.Kind == "regional-feedback" && m.Instance == $"{AppHost.Round}|{FedBack}"));
        Assert.Contains("Show how the workforce plan closes the nursing gap.", Assert.Single(toPmo.Recipients).Text, StringComparison.Ordinal);
        AssertPage(await director.GetAsync(copy.Link.AbsolutePath), HttpStatusCode.OK, "Already recorded");
    }

    [Fact]
    public async Task PagesSentBack_AnswersHoldingMarkup_KeptAsWrittenNeverAsMarkup()
    {
        // What a person typed comes back in the form to be corrected: in an input's value and in a text area.
        const string Organisation = "\"><script>alert('from')</script>";
        const string Comment = "</textarea><script>alert('comment')</script>";
        var pmoLink = Host.LinkPath(LinkAction.Submit, Hostile, Host.Pmo(Hostile).Email, 0);
        using var pmo = new LinkClient(Host.BaseAddress);
        var (page, pmoForm) = await pmo.OpenFormAsync(pmoLink);

        var notice = await pmo.PostFormAsync(pmoLink, pmoForm, Field("form", "footprint-notice"), Field("from", Organisation), Field("summary", "<script>alert('summary')</script>"));

        AssertSentBack(notice, page.Heading, "source", "Say whether the system or a local authority is giving notice");
        await Host.AwaitingAgreementAsync(Hostile);
        var decisionLink = Host.LinkPath(LinkAction.Decide, Hostile, Host.Director(Hostile).Email, 1);
        using var director = new LinkClient(Host.BaseAddress);
        var (decision, directorForm) = await director.OpenFormAsync(decisionLink);
        var decided = await director.PostFormAsync(decisionLink, directorForm, Field("comment", Comment));

        AssertSentBack(decided, decision.Heading, "outcome", "Choose whether to agree the plan or ask for changes");
        foreach (var sentBack in (Page[])[notice, decided])
        {
            Assert.DoesNotContain("<script", sentBack.Html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;alert(&#x27;from&#x27;)&lt;/script&gt;\"", notice.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;summary&#x27;)&lt;/script&gt;</textarea>", notice.Html, StringComparison.Ordinal);
        Assert.Contains(">&lt;/textarea&gt;&lt;script&gt;alert(&#x27;comment&#x27;)&lt;/script&gt;</textarea>", decided.Html, StringComparison.Ordinal);
    }

    /// <summary>The status column of the timeline's row for <paramref name="milestone"/>.</summary>
    private static string TimelineStatus(Page page, string milestone)
    {
        var row = Regex.Match(page.Html, $@"<tr class=""nhsuk-table__row""><td class=""nhsuk-table__cell"">{Regex.Escape(milestone)}</td><td class=""nhsuk-table__cell"">[^<]*</td><td class=""nhsuk-table__cell"">([^<]*)</td></tr>");
        Assert.True(row.Success, $"No timeline row for {milestone}: {page}");
        return WebUtility.HtmlDecode(row.Groups[1].Value);
    }

    [GeneratedRegex(@"<tr class=""nhsuk-table__row"">\s*<td.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex VersionRows();
}

/// <summary>The service with the systems whose pages are read here.</summary>
public sealed class PageContentHostFixture(AzuriteFixture azurite) : LinkHostFixture(azurite)
{
    protected override IReadOnlyCollection<string> Systems => [PageContentTests.NoDraft, PageContentTests.DraftIn, PageContentTests.SentBack, PageContentTests.Resubmitted, PageContentTests.Noticed, PageContentTests.FedBack, PageContentTests.Reviewed, PageContentTests.Reviewer, PageContentTests.Hostile];
}
