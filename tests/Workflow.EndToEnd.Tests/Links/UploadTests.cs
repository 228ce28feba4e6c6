using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Testing;
using static Workflow.EndToEnd.Tests.Links.LinkAttackTests;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>
/// The system page's upload over real HTTP: only the document kinds listed, only up to 20 MB, and what is kept
/// is what the director's page hands back. Each test has a system of its own (East of England).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class UploadTests(UploadHostFixture fixture) : LinkHostTests(fixture), IClassFixture<UploadHostFixture>
{
    internal const string Executable = "E54000021";
    internal const string TooLarge = "E54000022";
    internal const string Pdf = "E54000023";
    internal const string TwoTabs = "E54000024";
    private const long TwentyMegabytes = 20 * 1024 * 1024;

    [Fact]
    public async Task Upload_AnExecutable_ByItsNameOrByItsContent_BadRequest_NothingKept()
    {
        var (client, link, antiforgery, before) = await OpenSystemPageAsync(Executable);
        using var _ = client;

        var page = await UploadAsync(client, link, antiforgery, "plan.exe", "application/x-msdownload", Encoding.ASCII.GetBytes("MZ\u0090\0 not really a program"));
        var renamed = await UploadAsync(client, link, antiforgery, "plan.pdf.exe", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 %%EOF"));
        // Named as a PDF and sent as an image: the file's own first bytes say what it is.
        var disguised = await UploadAsync(client, link, antiforgery, "plan.pdf", "image/png", Encoding.ASCII.GetBytes("MZ\u0090\0 not really a program"));

        var heading = (await client.GetAsync(link)).Heading;
        foreach (var refused in (Page[])[page, renamed])
        {
            AssertSentBack(refused, heading, "document", "Files of this kind cannot be accepted; send one of .pdf, .docx, .xlsx, .pptx, .odt, .ods, .csv, or a link");
        }
        AssertSentBack(disguised, heading, "document", "The selected file is named .pdf but is not a PDF");
        AssertUnchanged(before, await Host.InstanceAsync(Executable));
        Assert.Empty(await BlobsAsync(Executable));
    }

    [Theory]
    [InlineData(TwentyMegabytes + 1, true, false)]           // within the form's limit: the page checks the size, and sends the page back
    [InlineData(25 * 1024 * 1024, false, false)]             // past the form's limit: the form reader stops, and the too-large page says why
    [InlineData(25 * 1024 * 1024, false, true)]              // the same without a Content-Length, sent in chunks
    public async Task Upload_LargerThanTwentyMegabytes_Refused_NothingKept(long size, bool sentBack, bool chunked)
    {
        var (client, link, antiforgery, before) = await OpenSystemPageAsync(TooLarge);
        using var _ = client;

        var page = await UploadAsync(client, link, antiforgery, "plan.pdf", "application/pdf", new byte[size], chunked: chunked);

        if (sentBack)
        {
            AssertSentBack(page, (await client.GetAsync(link)).Heading, "document", "The file is larger than 20 MB: send a smaller one, or give the web address where it is held");
        }
        else
        {
            AssertPage(page, HttpStatusCode.RequestEntityTooLarge, "The file is too large");
            Assert.Contains("Files can be up to 20 MB. Nothing has been recorded.", page.Text, StringComparison.Ordinal);
        }
        AssertUnchanged(before, await Host.InstanceAsync(TooLarge));
        Assert.Empty(await BlobsAsync(TooLarge));
    }

    [Fact]
    public async Task Upload_PastTheServersRequestLimit_TooLargePageBeforeTheBodyIsRead()
    {
        var (client, link, antiforgery, before) = await OpenSystemPageAsync(TooLarge);
        using var _ = client;
        // 40 MB announced: Kestrel refuses it (past 30,000,000 bytes) as soon as the form is read, and then closes the
        // connection instead of reading the rest, so a client still sending sees the connection cut. Sent by hand,
        // the headers and a first part of the body are enough to read the answer.
        const string boundary = "e2e-boundary";
        var head = Encoding.ASCII.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"{antiforgery.Key}\"\r\n\r\n{antiforgery.Value}\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"plan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
        var length = head.Length + (40L * 1024 * 1024);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Host.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var request = Encoding.ASCII.GetBytes(
            $"POST {link} HTTP/1.1\r\nHost: {Host.BaseAddress.Authority}\r\nCookie: {client.Cookies.GetCookieHeader(Host.BaseAddress)}\r\n" +
            $"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {length}\r\n\r\n");
        await stream.WriteAsync(request);
        await stream.WriteAsync(head);
        await stream.WriteAsync(new byte[64 * 1024]);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 413 ", response, StringComparison.Ordinal);
        Assert.Contains("<h1 class=\"nhsuk-heading-l\">The file is too large</h1>", response, StringComparison.Ordinal);
        Assert.Contains("Files can be up to 20 MB. Nothing has been recorded.", response, StringComparison.Ordinal);
        AssertUnchanged(before, await Host.InstanceAsync(TooLarge));
        Assert.Empty(await BlobsAsync(TooLarge));
    }

    [Fact]
    public async Task Post_ABrokenMultipartBody_BadRequestPage_NothingKept()
    {
        var (client, link, _, before) = await OpenSystemPageAsync(TooLarge);
        using var __ = client;
        using var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"document\"; filename=\"plan.pdf\"\r\n\r\n%PDF-1.4 and no end", Encoding.ASCII);
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        using var noBoundary = new StringContent("whatever", Encoding.ASCII);
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");

        foreach (var content in (HttpContent[])[broken, noBoundary])
        {
            var page = await client.PostAsync(link, content);

            AssertPage(page, HttpStatusCode.BadRequest, "Please check the form");
            Assert.Contains("The form could not be read", page.Text, StringComparison.Ordinal);
        }
        AssertUnchanged(before, await Host.InstanceAsync(TooLarge));
    }

    [Fact]
    public async Task Upload_APdf_KeptAndStreamedBackFromTheDirectorsPageUnderItsName()
    {
        var (client, link, antiforgery, _) = await OpenSystemPageAsync(Pdf);
        using var __ = client;
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .Concat(Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7))).ToArray();

        var page = await UploadAsync(client, link, antiforgery, "Final plan <v1>.pdf", "application/pdf", pdf);

        AssertPage(page, HttpStatusCode.OK, "Recorded");
        Assert.Contains("final system plan has been received", page.Text, StringComparison.Ordinal);
        var after = await Host.InstanceAsync(Pdf);
        Assert.Equal(("awaiting-agreement", 1), (after.Stage, after.PlanVersion));
        var blob = Assert.Single(await BlobsAsync(Pdf));
        Assert.Contains($"blob:{blob}", after.HistoryJson, StringComparison.Ordinal);

        // The director's page links to the document, which comes back byte for byte, as a PDF.
        using var director = new LinkClient(Host.BaseAddress);
        var decisionLink = Host.LinkPath(LinkAction.Decide, Pdf, Host.Director(Pdf).Email, 1);
        var (decisionPage, _) = await director.OpenFormAsync(decisionLink);
        var href = DocumentLink().Match(decisionPage.Html);
        Assert.True(href.Success, decisionPage.ToString());
        Assert.Equal($"{decisionLink}/document/1", WebUtility.HtmlDecode(href.Groups[1].Value));
        using var response = await director.SendAsync(new HttpRequestMessage(HttpMethod.Get, WebUtility.HtmlDecode(href.Groups[1].Value)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
        // It downloads under the name it was uploaded with, not the name it is kept under.
        Assert.Equal("Final plan <v1>.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);

        // Someone else's link, or a version that was never submitted, gets no document.
        using var other = await director.SendAsync(new HttpRequestMessage(HttpMethod.Get, Host.LinkPath(LinkAction.Decide, Pdf, "director.london@example.org", 1) + "/document/1"));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"{decisionLink}/document/2")).Status);
    }

    [Fact]
    public async Task Upload_FromAPageOpenedBeforeTheDraftWentInElsewhere_OutOfDate_NothingKeptOrRecorded()
    {
        // Two colleagues open the page from their own e-mails while the draft is due; one sends the draft.
        using var first = new LinkClient(Host.BaseAddress);
        using var second = new LinkClient(Host.BaseAddress);
        var firstLink = Host.LinkPath(LinkAction.Submit, TwoTabs, Host.Pmo(TwoTabs).Email, 0);
        var secondLink = Host.LinkPath(LinkAction.Submit, TwoTabs, Host.Pmo(TwoTabs).Email, 0);
        var (_, firstToken) = await first.OpenFormAsync(firstLink);
        var (secondPage, secondToken) = await second.OpenFormAsync(secondLink);
        Assert.Contains("Submit the draft (initial) system plan", secondPage.Text, StringComparison.Ordinal);
        AssertPage(await UploadAsync(first, firstLink, firstToken, "draft.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 draft %%EOF"), "draft"),
            HttpStatusCode.OK, "Recorded");
        var before = await Host.InstanceAsync(TwoTabs);
        var kept = await BlobsAsync(TwoTabs);

        // The other sends the draft too, from the page still open: it must not become the final plan.
        var late = await UploadAsync(second, secondLink, secondToken, "draft.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 draft %%EOF"), "draft");

        AssertPage(late, HttpStatusCode.Conflict, "This page is out of date");
        AssertUnchanged(before, await Host.InstanceAsync(TwoTabs));
        Assert.Equal(("final-due", 0), (before.Stage, before.PlanVersion));
        Assert.Equal(kept, await BlobsAsync(TwoTabs));
    }

    /// <summary>The system's page from its PMO's link, with the final plan due (the draft is in).</summary>
    private async Task<(LinkClient Client, string Link, KeyValuePair<string, string> Antiforgery, InstanceFacts Before)> OpenSystemPageAsync(string system)
    {
        if ((await Host.InstanceAsync(system)).Stage == "drafting")
        {
            await Host.SubmitAsync(system, "draft");
        }
        var link = Host.LinkPath(LinkAction.Submit, system, Host.Pmo(system).Email, 0);
        var client = new LinkClient(Host.BaseAddress);
        var (page, antiforgery) = await client.OpenFormAsync(link);
        Assert.Contains("Submit the final system plan", page.Text, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", page.Html, StringComparison.Ordinal);
        return (client, link, antiforgery, await Host.InstanceAsync(system));
    }

    /// <summary>The page's upload form sent with a file, for <paramref name="milestone"/> (what the page asked for).</summary>
    private static async Task<Page> UploadAsync(
        LinkClient client, string link, KeyValuePair<string, string> antiforgery, string fileName, string contentType, byte[] content, string milestone = "final", bool chunked = false)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(antiforgery.Value), antiforgery.Key },
            { new StringContent(""), "reference" },
            { new StringContent(milestone), "milestone" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "document", fileName);
        if (!chunked)
        {
            return await client.PostAsync(link, form);
        }
        // A stream of no known length goes out chunked, with no Content-Length for the server to judge the size by.
        using var unsized = new StreamContent(new UnsizedStream(await form.ReadAsByteArrayAsync()));
        unsized.Headers.ContentType = form.Headers.ContentType;
        return await client.PostAsync(link, unsized);
    }

    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private async Task<List<string>> BlobsAsync(string system)
    {
        var names = new List<string>();
        await foreach (var blob in Host.Get<Workflow.Storage.StorageAccount>().Plans.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{AppHost.Round}/{system}/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }
        return names;
    }

    [GeneratedRegex(@"<a class=""nhsuk-link"" href=""([^""]+/document/1)"">Open version 1 of the plan</a>")]
    private static partial Regex DocumentLink();
}

/// <summary>The service with the systems uploaded to here.</summary>
public sealed class UploadHostFixture(AzuriteFixture azurite) : LinkHostFixture(azurite)
{
    protected override IReadOnlyCollection<string> Systems => [UploadTests.Executable, UploadTests.TooLarge, UploadTests.Pdf, UploadTests.TwoTabs];
}
