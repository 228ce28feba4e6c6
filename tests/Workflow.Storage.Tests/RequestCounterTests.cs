using Workflow.Core.Instances;
using Workflow.Storage.Journal;
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
        var account = await azurite.CreateAccountAsync(counter);
        var script = new InstanceScript();
        counter.Reset();

        await account.Journal.SubmitTransactionAsync([
            new(Azure.Data.Tables.TableTransactionActionType.UpsertReplace, new Azure.Data.Tables.TableEntity(script.Initial.Id.ToString(), "a")),
            new(Azure.Data.Tables.TableTransactionActionType.UpsertReplace, new Azure.Data.Tables.TableEntity(script.Initial.Id.ToString(), "b"))]);

        Assert.Equal(1, counter["table:batch"]);
        Assert.Equal(1, counter.Total);
    }

    [Fact]
    public async Task EachService_IsNamedByTheClientThatSentIt()
    {
        var counter = new RequestCounter();
        var account = await azurite.CreateAccountAsync(counter);
        counter.Reset();

        await new JournalStore(account).GetAsync(TestData.Instance);
        await account.Events.SendMessageAsync("{}");
        await account.Plans.ExistsAsync();

        Assert.Equal(1, counter[$"table:GET {account.Journal.Name}"]);
        Assert.Equal(1, counter["queue:POST"]);
        Assert.Equal(1, counter["blob:GET"]);
        Assert.Equal(3, counter.Total);
    }
}
