using System.Net;
using Azure.Data.Tables;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Storage;
using static Workflow.EndToEnd.Tests.Links.LinkAttackTests;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>When something fails that nobody foresaw, people on a page get a page that says what to do; API callers get problem details.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FailurePageTests(LinkHostFixture fixture) : IClassFixture<LinkHostFixture>
{
    private const string Damaged = "E54000030";   // London

    private AppHost Host => fixture.Host;

    [Fact]
    public async Task InstanceThatWillNotRead_LinkGetsAPage_ApiGetsAProblem_NeitherShowsTheError()
    {
        await Host.AwaitingAgreementAsync(Damaged);
        var table = Host.Get<StorageAccount>().Instances;
        var state = (await table.GetEntityAsync<TableEntity>($"{AppHost.Round}|{Damaged}", "state")).Value;
        state["Json"] = "{ not json";
        await table.UpdateEntityAsync(state, state.ETag, TableUpdateMode.Replace);
        using var client = new LinkClient(Host.BaseAddress);

        var page = await client.GetAsync(Host.LinkPath(LinkAction.Decide, Damaged, Host.Director(Damaged).Email, 1));
        using var api = await Host.Api.GetAsync(new Uri($"/api/instances/{AppHost.Round}/{Damaged}", UriKind.Relative));

        AssertPage(page, HttpStatusCode.InternalServerError, "Sorry, something went wrong");
        Assert.Contains("Open the link from the e-mail again in a few minutes", page.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var body = await api.Content.ReadAsStringAsync();
        foreach (var shown in new[] { page.Html, body })
        {
            Assert.DoesNotContain("JsonException", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", shown, StringComparison.Ordinal);
        }
    }
}
