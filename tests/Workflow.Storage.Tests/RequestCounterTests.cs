using Workflow.Storage.Instances;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class RequestCounterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TableTransaction_CountsOnceAsTableBatch()
    {
        var counter = new RequestCounter();
        var store = new InstanceStore(await azurite.CreateAccountAsync(counter));
        var script = new InstanceScript();
        counter.Reset();

        await store.CreateAsync(script.Initial, script.Started);

        Assert.Equal(1, counter["table:batch"]);
        Assert.Equal(1, counter.Total);
    }

    [Fact]
    public async Task EachService_IsNamedByTheClientThatSentIt()
    {
        var counter = new RequestCounter();
        var account = await azurite.CreateAccountAsync(counter);
        counter.Reset();

        await new InstanceStore(account).GetAsync(TestData.Instance);
        await new OutboxQueue(account).EnqueueAsync(new OutboxReference("2019-20|E54000006", "o-1"));
        await account.Plans.ExistsAsync();

        Assert.Equal(1, counter[$"table:GET {account.Instances.Name}"]);
        Assert.Equal(1, counter["queue:POST"]);
        Assert.Equal(1, counter["blob:GET"]);
        Assert.Equal(3, counter.Total);
    }
}
