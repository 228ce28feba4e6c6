using System.Net;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Testing;
using static Workflow.EndToEnd.Tests.Links.LinkAttackTests;
using static Workflow.EndToEnd.Tests.Support.Form;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>A decision made through a link keeps who made it, through which link, and from which address.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AuditTests(AuditHostFixture fixture) : LinkHostTests(fixture), IClassFixture<AuditHostFixture>
{
    internal const string ThroughTheHost = "E54000021";   // East of England
    internal const string Direct = "E54000022";          // East of England

    [Fact]
    public async Task Decision_ForwardedByTheFunctionsHost_AuditKeepsTheAddressItWasForwardedFor()
    {
        var via = await DecideAsync(ThroughTheHost, "203.0.113.7:50412");

        Assert.Equal("203.0.113.7", via.GetProperty("address").GetString());
        Assert.Equal(Host.Director(ThroughTheHost).Email, via.GetProperty("person").GetString());
    }

    [Fact]
    public async Task Decision_MadeDirectly_AuditKeepsTheCallersOwnAddress()
    {
        var via = await DecideAsync(Direct, forwardedFor: null);

        Assert.Equal("127.0.0.1", via.GetProperty("address").GetString());
    }

    private async Task<System.Text.Json.JsonElement> DecideAsync(string system, string? forwardedFor)
    {
        await Host.AwaitingAgreementAsync(system);
        var link = Host.LinkPath(LinkAction.Decide, system, Host.Director(system).Email, 1);
        using var client = new LinkClient(Host.BaseAddress);
        var (_, antiforgery) = await client.OpenFormAsync(link);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(link, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([antiforgery, Field("outcome", "agreed"), Field("comment", "")]),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = Assert.Single((await Host.InstanceAsync(system)).Decisions);
        Assert.True(decision.GetProperty("via").GetProperty("link").GetString() is { Length: > 0 });
        return decision.GetProperty("via");
    }
}

/// <summary>The service with the two systems decided on here.</summary>
public sealed class AuditHostFixture(AzuriteFixture azurite) : LinkHostFixture(azurite)
{
    protected override IReadOnlyCollection<string> Systems => [AuditTests.ThroughTheHost, AuditTests.Direct];
}
