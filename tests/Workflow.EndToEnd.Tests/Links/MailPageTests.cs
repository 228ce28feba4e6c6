using System.Net;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>The Sent mail pages hold everyone's personal links: they answer only requests from the machine itself.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class MailPageTests(MailPageHostFixture fixture) : LinkHostTests(fixture), IClassFixture<MailPageHostFixture>
{
    /// <summary>Cheshire and Merseyside, the one system the service runs the round for here.</summary>
    internal const string System = "E54000008";

    [Theory]
    [InlineData("/mail")]
    [InlineData("/mail?q=director")]
    public async Task SentMail_FromThisMachine_Listed_ForwardedFromElsewhere_NotFound(string path)
    {
        using var client = new LinkClient(Host.BaseAddress);
        var local = await client.GetAsync(path);
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        forwarded.Headers.Add("X-Forwarded-For", "198.51.100.20");

        using var remote = await client.SendAsync(forwarded);

        Assert.Equal((HttpStatusCode.OK, "Sent mail"), (local.Status, local.Heading));
        Assert.Equal(HttpStatusCode.NotFound, remote.StatusCode);
        Assert.DoesNotContain("/links/", await remote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>The service with one system: the pages need no more.</summary>
public sealed class MailPageHostFixture(AzuriteFixture azurite) : LinkHostFixture(azurite)
{
    protected override IReadOnlyCollection<string> Systems => [MailPageTests.System];
}
