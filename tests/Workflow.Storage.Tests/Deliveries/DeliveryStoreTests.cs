using Workflow.Core;
using Workflow.Core.Instances;
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

    [Fact]
    public async Task RecordStatusAsync_ReplayedAndLateEvents_ChangeNothing()
    {
        var store = new DeliveryStore(await azurite.CreateAccountAsync());
        var id = TestData.Instance;
        var command = $"{id}/timetable";
        var at = new DateTimeOffset(2019, 6, 27, 9, 0, 0, TimeSpan.Zero);
        await store.RecordSentAsync(id, command, "pmo@example.org", at);

        Assert.True(await store.RecordStatusAsync(id, command, "pmo@example.org", MailStatus.Deferred, at.AddMinutes(1), "ev-1", "try later"));
        Assert.True(await store.RecordStatusAsync(id, command, "PMO@example.org", MailStatus.Bounced, at.AddMinutes(9), "ev-2", "550"));
        Assert.False(await store.RecordStatusAsync(id, command, "pmo@example.org", MailStatus.Bounced, at.AddMinutes(9), "ev-2", "550"));
        Assert.False(await store.RecordStatusAsync(id, command, "pmo@example.org", MailStatus.Deferred, at.AddMinutes(20), "ev-3", "try later"));

        Assert.Equal(MailStatus.Bounced, await store.StatusAsync(id, command, "pmo@example.org"));
        Assert.Contains("pmo@example.org", await store.SentToAsync(id, command));
    }

    [Fact]
    public async Task RecordStatusAsync_DeliveredAfterDeferred_Wins()
    {
        var store = new DeliveryStore(await azurite.CreateAccountAsync());
        var id = TestData.Instance;
        var at = new DateTimeOffset(2019, 6, 27, 9, 0, 0, TimeSpan.Zero);

        await store.RecordStatusAsync(id, $"{id}/timetable", "pmo@example.org", MailStatus.Deferred, at, "ev-1", null);
        await store.RecordStatusAsync(id, $"{id}/timetable", "pmo@example.org", MailStatus.Delivered, at.AddMinutes(5), "ev-2", null);

        Assert.Equal(MailStatus.Delivered, await store.StatusAsync(id, $"{id}/timetable", "pmo@example.org"));
        Assert.Null(await store.StatusAsync(id, $"{id}/timetable", "director@example.org"));
    }
}
