using System.Net;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Testing;
using static Workflow.EndToEnd.Tests.Links.LinkAttackTests;
using static Workflow.EndToEnd.Tests.Support.Form;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>A director away hands decisions to the deputy, who from then on gets the director's requests with links of their own.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DelegationTests(DelegationHostFixture fixture) : LinkHostTests(fixture), IClassFixture<DelegationHostFixture>
{
    internal const string First = "E54000028";   // London: the plan on whose page the director delegates
    internal const string Next = "E54000029";    // London: a plan that comes in while the director is away
    internal const string Elsewhere = "E54000039"; // South West, whose director never delegates here

    [Fact]
    public async Task Delegated_NextApprovalRequestGoesToTheDeputyToo_WhoDecidesFromTheirOwnLink()
    {
        var deputy = Host.Deputy(Next);
        await Host.AwaitingAgreementAsync(First);
        using var director = new LinkClient(Host.BaseAddress);
        var directorLink = Host.LinkPath(LinkAction.Decide, First, Host.Director(First).Email, 1);
        var (_, token) = await director.OpenFormAsync(directorLink);
        AssertPage(await director.PostFormAsync(directorLink + "/delegate", token, Field("deputy", deputy.Email), Field("until", "2019-11-29")),
            HttpStatusCode.OK, "Delegation recorded");

        await Host.AwaitingAgreementAsync(Next);

        var request = Assert.Single(await Host.MailAsync(m => m.Kind == "approval-request" && m.Instance == $"{AppHost.Round}|{Next}"));
        Assert.Equal(new[] { Host.Director(Next).Email, deputy.Email }.Order(StringComparer.Ordinal), request.Recipients.Where(r => !r.Copied).Select(r => r.Email).Order(StringComparer.Ordinal));
        var deputyLink = request.Recipients.Single(r => r.Email == deputy.Email).Link!.AbsolutePath;
        using var client = new LinkClient(Host.BaseAddress);
        var (page, deputyToken) = await client.OpenFormAsync(deputyLink);
        Assert.Contains($"{deputy.Name} ({deputy.Email})", page.Text, StringComparison.Ordinal);

        AssertPage(await client.PostFormAsync(deputyLink, deputyToken, Field("outcome", "agreed"), Field("comment", "")), HttpStatusCode.OK, "Recorded");
        Assert.Equal(deputy.Name, Assert.Single((await Host.InstanceAsync(Next)).Decisions).GetProperty("by").GetString());
    }

    [Fact]
    public async Task NotDelegated_ApprovalRequestGoesToTheDirectorAlone()
    {
        await Host.AwaitingAgreementAsync(Elsewhere);

        var request = Assert.Single(await Host.MailAsync(m => m.Kind == "approval-request" && m.Instance == $"{AppHost.Round}|{Elsewhere}"));
        Assert.Equal([Host.Director(Elsewhere).Email], request.Recipients.Where(r => !r.Copied).Select(r => r.Email));
    }
}

/// <summary>The service with the systems of the two regions whose directors are or are not away.</summary>
public sealed class DelegationHostFixture(AzuriteFixture azurite) : LinkHostFixture(azurite)
{
    protected override IReadOnlyCollection<string> Systems => [DelegationTests.First, DelegationTests.Next, DelegationTests.Elsewhere];
}
