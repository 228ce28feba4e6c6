using System.Net;
using System.Text.Json;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary><c>GET /api/instances</c> filtered by where instances stand, which moves as the round goes on.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ListInstancesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task List_ByStage_OnlyThatStage()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        using var draft = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);

        var finalDue = await host.GetJsonAsync($"/api/instances?round={TestData.Round}&stage=final-due");
        var drafting = await host.GetJsonAsync($"/api/instances?round={TestData.Round}&stage=drafting");
        var agreed = await host.GetJsonAsync($"/api/instances?round={TestData.Round}&stage=agreed");

        Assert.Equal([TestData.System], finalDue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("system").GetString()));
        Assert.Equal(2, drafting.GetProperty("items").GetArrayLength());
        Assert.Equal(0, agreed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_OverdueAndEscalated_AfterTheDraftDeadline()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(9, 20)));
        using var draft = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        await host.AdvanceAsync(TestData.London(10, 2, 10));

        var overdue = await host.GetJsonAsync($"/api/instances?round={TestData.Round}&overdue=true");
        var escalated = await host.GetJsonAsync($"/api/instances?round={TestData.Round}&escalated=true");
        var onTime = await host.GetJsonAsync($"/api/instances?round={TestData.Round}&overdue=false");

        Assert.Equal([TestData.Peer, TestData.OtherSystem], overdue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("system").GetString()).Order());
        Assert.Equal(2, escalated.GetProperty("items").GetArrayLength());
        Assert.Equal([TestData.System], onTime.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("system").GetString()));
    }

    [Fact]
    public async Task List_AfterTheOptionalFootprintDate_NobodyOverdue()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(8, 1, 11)));

        var overdue = await host.GetJsonAsync($"/api/instances?round={TestData.Round}&overdue=true");
        var instance = await host.GetInstanceAsync(history: false);

        Assert.Equal(0, overdue.GetProperty("items").GetArrayLength());
        Assert.Equal("draft", instance.GetProperty("nextMilestone").GetString());
        Assert.False(instance.GetProperty("overdue").GetBoolean());
    }
}
