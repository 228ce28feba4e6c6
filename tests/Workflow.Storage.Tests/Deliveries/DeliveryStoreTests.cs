using Workflow.Core;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Deliveries;

[Collection(AzuriteCollection.Name)]
public sealed class DeliveryStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SentToAsync_AfterRecordSent_EachAddressOfThatMessageOnceIgnoringCase()
    {
        var store = new DeliveryStore(await azurite.CreateAccountAsync());
        var id = TestData.Instance;
        var other = new InstanceId(TestData.Round.Id, TestData.Peer);
        var at = new DateTimeOffset(2019, 9, 27, 16, 0, 0, TimeSpan.Zero);

        await store.RecordSentAsync(id, $"{id}/overdue", "pmo@example.org", at);
        await store.RecordSentAsync(id, $"{id}/overdue", "director@example.org", at);
        // The same address again, in other capitals, by a try that sent it again.
        await store.RecordSentAsync(id, $"{id}/overdue", "PMO@example.org", at.AddMinutes(1));
        await store.RecordSentAsync(id, $"{id}/due-today", "national@example.org", at);
        await store.RecordSentAsync(other, $"{id}/overdue", "peer@example.org", at);
        var sent = await store.SentToAsync(id, $"{id}/overdue");

        Assert.Equal(2, sent.Count);
        Assert.Contains("pmo@example.org", sent);
        Assert.Contains("director@example.org", sent);
        Assert.Empty(await store.SentToAsync(id, $"{id}/timetable"));
        Assert.Equal(2, (await store.ListAsync(id)).Count);
    }
}
