using System.Net;
using Azure.Data.Tables;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Testing;
using Workflow.Storage;
using static Workflow.EndToEnd.Tests.Links.LinkAttackTests;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>When something fails that nobody foresaw, people on a page get a page that says what to do; API callers get problem details.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FailurePageTests(FailureHostFixture fixture) : IClassFixture<FailureHostFixture>
{
    internal const string Damaged = "E54000030";   // London

    private AppHost Host => fixture.Host;

    [Fact]
    public async Task InstanceThatWillNotRead_LinkGetsAPage_ApiGetsAProblem_NeitherShowsTheError()
    {
        await Host.AwaitingAgreementAsync(Damaged);
        // The state the pages read, as the instance last projected it, damaged in storage.
        var table = Host.Get<StorageAccount>().Journal;
        var snapshot = (await table.GetEntityAsync<TableEntity>($"{AppHost.Round}|{Damaged}", "snapshot")).Value;
        var damaged = new TableEntity(snapshot.PartitionKey, snapshot.RowKey) { ["Version"] = snapshot["Version"], ["Json"] = "{ not json" };
        await table.UpdateEntityAsync(damaged, snapshot.ETag, TableUpdateMode.Replace);
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

/// <summary>The service with the one system damaged here.</summary>
public sealed class FailureHostFixture(AzuriteFixture azurite) : LinkHostFixture(azurite)
{
    protected override IReadOnlyCollection<string> Systems => [FailurePageTests.Damaged];
}
