using System.Text.Json;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary><c>GET /api/instances</c> filtered by where instances stand, which moves as the round goes on.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ListInstancesTests(AzuriteFixture azurite)
{
    private static readonly string Instances = $"/api/instances?round={TestData.Round}";

    [Fact]
    public async Task List_ByStage_OnlyThatStage()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite));
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" });

        await WaitForSystemsAsync(host, $"{Instances}&stage=final-due", [TestData.System]);
        var drafting = await host.GetJsonAsync($"{Instances}&stage=drafting");
        var agreed = await host.GetJsonAsync($"{Instances}&stage=agreed");

        Assert.Equal([TestData.Peer, TestData.OtherSystem], Systems(drafting).Order(StringComparer.Ordinal));
        Assert.Empty(Systems(agreed));
    }

    [Fact]
    public async Task List_OverdueAndEscalated_AfterTheDraftDeadline()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20)));
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" });

        // Draft due Friday 27 Sep: overdue Monday 30 Sep, taken to the region at 9:00 on Wednesday 2 Oct.
        await host.AdvanceClockAsync(TestData.London(10, 2, 9));

        await WaitForSystemsAsync(host, $"{Instances}&escalated=true", [TestData.Peer, TestData.OtherSystem]);
        var overdue = await host.GetJsonAsync($"{Instances}&overdue=true");
        var onTime = await host.GetJsonAsync($"{Instances}&overdue=false");
        Assert.Equal([TestData.Peer, TestData.OtherSystem], Systems(overdue).Order(StringComparer.Ordinal));
        Assert.Equal([TestData.System], Systems(onTime));
    }

    [Fact]
    public async Task List_AfterTheOptionalFootprintDate_NobodyOverdue()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(8, 1, 11)));

        var overdue = await host.GetJsonAsync($"{Instances}&overdue=true");
        var instance = await host.GetInstanceAsync(history: false);

        Assert.Empty(Systems(overdue));
        Assert.Equal("draft", instance.GetProperty("nextMilestone").GetString());
        Assert.False(instance.GetProperty("overdue").GetBoolean());
    }

    private static IEnumerable<string> Systems(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("system").GetString()!);

    /// <summary>Until the list shows just these systems: rows change as each instance projects, a moment after it acts.</summary>
    private static Task WaitForSystemsAsync(TestHost host, string path, string[] systems) =>
        TestHost.WaitForAsync($"{path} to list {string.Join(", ", systems)}", async () =>
            Systems(await host.GetJsonAsync(path)).Order(StringComparer.Ordinal).SequenceEqual(systems.Order(StringComparer.Ordinal)));
}
