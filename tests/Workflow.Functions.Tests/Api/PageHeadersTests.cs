using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>A host with no round: for what answers the same whatever the round.</summary>
public sealed class QuietHost(AzuriteFixture azurite) : IAsyncLifetime
{
    internal TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TestHost.StartAsync(new HostState(azurite) { LoadRound = false });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Every page people reach from a link carries headers that keep it from being framed, sniffed or leaked.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageHeadersTests(QuietHost quiet) : IClassFixture<QuietHost>
{
    [Theory]
    [InlineData("/links/not-a-link")]
    [InlineData("/links/payload.signature")]
    public async Task LinkPage_AnyAnswer_CarriesTheSecurityHeaders(string path)
    {
        using var response = await quiet.Host.Client.GetAsync(path);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
