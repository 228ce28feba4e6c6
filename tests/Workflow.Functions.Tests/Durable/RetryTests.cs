using Azure.Core;
using Moq;
using Workflow.Functions.Durable;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Durable;

/// <summary>
/// A failed try comes back later each time, by a message the dispatcher queues for when it is due, locally as in Azure;
/// the queue's own retries are left for deliveries that fail outright.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetryTests(AzuriteFixture azurite)
{
    private static readonly string Timetable = $"{TestData.InstanceId()}/timetable";

    [Theory]
    [InlineData(1, 0.0, 30)]
    [InlineData(2, 0.0, 60)]
    [InlineData(3, 0.0, 120)]
    [InlineData(6, 0.0, 960)]
    [InlineData(7, 0.0, 1800)]
    [InlineData(40, 0.0, 1800)]
    [InlineData(1, 1.0, 36)]
    [InlineData(7, 0.5, 1980)]
    public void RetryDelay_AfterATry_DoublesFromTheFirstToTheLongestThenUpToAFifthMore(int attempts, double jitter, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Dispatcher.RetryDelay(attempts, new WorkflowOptions(), jitter));

    [Fact]
    public async Task Drain_TransientFailure_TriedOnceAndQueuedAgainForWhenItIsDue()
    {
        var sender = new Mock<IMessageSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult(SendOutcome.Transient, "SendGrid could not be reached"));
        await using var host = TestHost.Start(new HostState(azurite) { Sender = _ => sender.Object });
        var message = await host.TimetableMessageAsync();
        await host.Account.Outbox.SendMessageAsync(message);

        await host.DrainAsync();

        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        var pending = (await host.OutboxRowAsync(Timetable))!;
        Assert.Equal(1, pending.Attempts);
        Assert.InRange(pending.NextTryAt!.Value - TestData.Opening, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(36));
        Assert.Empty(await host.PeekOutboxAsync());
        Assert.Equal(1, (await host.Account.Outbox.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty(await host.PeekPoisonAsync());
    }

    [Fact]
    public async Task Drain_DeliveryKeepsFailing_PoisonedAsItIsAfterMaxDequeueCount()
    {
        var faults = new StorageFaults();
        await using var host = TestHost.Start(new HostState(azurite) { Faults = faults });
        var message = await host.TimetableMessageAsync();
        await host.Account.Outbox.SendMessageAsync(message);
        // Storage will not give the outbox row; the message has failed every delivery but this last one already.
        faults.FailNext(request => request.Method == RequestMethod.Get && StorageFaults.Touches(request, "o-"), int.MaxValue);
        for (var failed = 1; failed < TestHost.MaxDequeueCount; failed++)
        {
            var delivery = Assert.Single((await host.Account.Outbox.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value);
            await host.Account.Outbox.UpdateMessageAsync(delivery.MessageId, delivery.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        await host.DrainAsync();

        Assert.Equal([message], await host.PeekPoisonAsync());
        Assert.Equal(0, (await host.Account.Outbox.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty(host.Mail);
    }

    [Fact]
    public async Task Wake_ItemWaitingForItsNextTry_HandedOverAgainOnlyWhenThatIsLongPast()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        await host.TimetableMessageAsync();
        // Its sixth try failed a minute after the round opened; the seventh is due half an hour after that.
        var nextTry = TestData.Opening.AddMinutes(31);
        var row = (await host.OutboxRowAsync(Timetable))!;
        Assert.NotNull(await host.Get<InstanceStore>().ReplaceOutboxAsync(TestHost.Id(), row with { Attempts = 6, Error = "503", NextTryAt = nextTry }));
        var itsRow = OutboxItem.RowFor(Timetable);

        host.Clock.SetUtcNow(TestData.Opening.AddMinutes(TestHost.RedeliveryMinutes));
        await host.TickAsync();
        var early = await host.PeekOutboxAsync();
        host.Clock.SetUtcNow(nextTry.AddMinutes(TestHost.RedeliveryMinutes));
        await host.TickAsync();
        var overdue = await host.PeekOutboxAsync();

        Assert.DoesNotContain(early, m => m.Contains(itsRow, StringComparison.Ordinal));
        Assert.Contains(overdue, m => m.Contains(itsRow, StringComparison.Ordinal));
    }
}
