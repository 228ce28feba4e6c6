using Workflow.Storage.Deliveries;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Deliveries;

[Collection(AzuriteCollection.Name)]
public sealed class DeliveryStoreTests(AzuriteFixture azurite)
{
    private const string Command = "2019-20|E54000006/draft/remind-5@20190920T0800";

    [Fact]
    public async Task SentToAsync_AfterSomeRecipients_NamesThemIgnoringCase()
    {
        var store = new DeliveryStore(await azurite.CreateAccountAsync());

        await store.RecordSentAsync(TestData.Instance, Command, "PMO@example.org", TestData.London(9, 20, 9));
        await store.RecordSentAsync(TestData.Instance, Command, "pmo@example.org", TestData.London(9, 20, 9));
        await store.RecordSentAsync(TestData.Instance, Command + "x", "rd@example.org", TestData.London(9, 20, 9));

        var sent = await store.SentToAsync(TestData.Instance, Command);
        Assert.Single(sent);
        Assert.Contains("pmo@example.org", sent);
        Assert.Equal(2, (await store.ListAsync(TestData.Instance)).Count);
    }
}
