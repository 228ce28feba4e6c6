using Azure.Data.Tables;
using Workflow.Functions.Durable;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Durable;

/// <summary>An instance that cannot run holds up no other: the tick runs the rest and keeps the broken one's wake-up.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TickIsolationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Tick_OneInstanceWhoseStateWillNotRead_OthersStillRunAndItIsTriedAgain()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        // The state row of one instance is damaged: it no longer holds readable JSON.
        var broken = await host.Account.Instances.GetEntityAsync<TableEntity>(TestData.InstanceId(TestData.OtherSystem), "state");
        broken.Value["Json"] = "{ not json";
        await host.Account.Instances.UpdateEntityAsync(broken.Value, broken.Value.ETag, TableUpdateMode.Replace);
        host.Clock.SetUtcNow(TestData.Opening);

        var results = await host.TickAsync();

        Assert.Equal(RunOutcome.Failed, Assert.Single(results, r => r.State is null).Outcome);
        Assert.Equal(2, results.Count(r => r.Outcome == RunOutcome.Done));
        await host.DrainAsync();
        Assert.Contains(host.Mail, m => m.Id == $"{TestData.InstanceId()}/timetable");
        Assert.Contains(host.Mail, m => m.Id == $"{TestData.InstanceId(TestData.Peer)}/timetable");
        Assert.DoesNotContain(host.Mail, m => m.Instance == TestData.InstanceId(TestData.OtherSystem));
        // Its wake-up is still due, so the next tick tries it again (and fails again, alone).
        host.Clock.SetUtcNow(TestData.Opening.AddMinutes(2));
        var again = await host.TickAsync();
        Assert.Contains(again, r => r.Outcome == RunOutcome.Failed);
    }
}
