using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using Workflow.Functions.Durable;
using Workflow.Functions.Tests.Support;
using Workflow.Core.Integration;
using Workflow.Notifications;
using Workflow.Notifications.Events;
using Workflow.Storage;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Durable;

/// <summary>
/// A try that goes wrong after the dispatcher has claimed the item, by a refusal or by an exception: the claim is
/// handed back with the error and the try counted, and the message for the next try, when it is due, tries again.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FailedTryTests(AzuriteFixture azurite)
{
    private static readonly string Timetable = $"{TestData.InstanceId()}/timetable";

    [Fact]
    public async Task Dispatch_SenderThrows_ClaimHandedBackAndTheNextDeliverySends()
    {
        var sender = new Mock<IMessageSender>();
        sender.SetupSequence(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("The connection was reset."))
            .ReturnsAsync(SendResult.Sent);
        await using var host = TestHost.Start(new HostState(azurite) { Sender = _ => sender.Object });
        var message = await host.TimetableMessageAsync();
        var dispatcher = host.Get<Dispatcher>();

        var first = await dispatcher.DispatchAsync(message);

        Assert.Equal(DispatchOutcome.Retrying, first);
        await NextTryDueAsync(host, AssertHandedBack((await host.OutboxRowAsync(Timetable))!, attempts: 1, "The connection was reset."));
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(message));
        var sent = (await host.OutboxRowAsync(Timetable))!;
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
    }

    [Fact]
    public async Task Dispatch_PublisherThrows_ClaimHandedBackAndTheNextDeliveryPublishes()
    {
        var publisher = new Mock<IIntegrationEventPublisher>();
        publisher.SetupSequence(p => p.PublishAsync(It.IsAny<PlanEvent>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("No such host is known."))
            .Returns(Task.CompletedTask);
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(9, 20, 11))
        {
            Services = services => services.AddSingleton(publisher.Object),
        });
        await host.DrainAsync();
        using var draft = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        var item = Assert.Single(await host.Get<InstanceStore>().OutboxAsync(TestHost.Id()), i => i.Kind == OutboxKind.IntegrationEvent);
        var message = await host.TakeMessageAsync(item.Id);
        var dispatcher = host.Get<Dispatcher>();

        var first = await dispatcher.DispatchAsync(message);

        Assert.Equal(DispatchOutcome.Retrying, first);
        await NextTryDueAsync(host, AssertHandedBack((await host.OutboxRowAsync(item.Id))!, attempts: 1, "No such host is known."));
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(message));
        publisher.Verify(p => p.PublishAsync(It.Is<PlanEvent>(e => e.Id == item.Id && e.Data is PlanSubmittedData), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Dispatch_StorageFailsAfterTheSend_ClaimHandedBackAndTheNextDeliveryRecordsIt()
    {
        var faults = new StorageFaults();
        var sends = 0;
        var sender = new Mock<IMessageSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .Callback(() =>
            {
                // Storage fails just after the first send: the write that would mark the item sent.
                if (++sends == 1)
                {
                    faults.FailNext(request => request.Method == RequestMethod.Put && StorageFaults.Touches(request, "o-"));
                }
            })
            .ReturnsAsync(SendResult.Sent);
        await using var host = TestHost.Start(new HostState(azurite) { Sender = _ => sender.Object, Faults = faults });
        var message = await host.TimetableMessageAsync();
        var dispatcher = host.Get<Dispatcher>();

        var first = await dispatcher.DispatchAsync(message);

        Assert.Equal(DispatchOutcome.Retrying, first);
        await NextTryDueAsync(host, AssertHandedBack((await host.OutboxRowAsync(Timetable))!, attempts: 1, "Sent, but not recorded as sent"));
        // The item is sent again under the same idempotency key, and recorded this time.
        Assert.Equal(DispatchOutcome.Sent, await dispatcher.DispatchAsync(message));
        Assert.Equal(OutboxStatus.Sent, (await host.OutboxRowAsync(Timetable))!.Status);
        Assert.Equal(2, sends);
    }

    [Fact]
    public async Task Dispatch_PayloadUnreadable_HandedBackEachTryThenPoisoned()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        var message = await host.TimetableMessageAsync();
        var store = host.Get<InstanceStore>();
        var row = (await host.OutboxRowAsync(Timetable))!;
        Assert.NotNull(await store.ReplaceOutboxAsync(TestHost.Id(), row with { Payload = "{\"instance\":" }));
        var dispatcher = host.Get<Dispatcher>();

        for (var attempt = 1; attempt < TestHost.MaxSendAttempts; attempt++)
        {
            Assert.Equal(DispatchOutcome.Retrying, await dispatcher.DispatchAsync(message));
            await NextTryDueAsync(host, AssertHandedBack((await host.OutboxRowAsync(Timetable))!, attempt, ""));
        }
        var last = await dispatcher.DispatchAsync(message);

        Assert.Equal(DispatchOutcome.Poisoned, last);
        var failed = (await host.OutboxRowAsync(Timetable))!;
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Null(failed.ClaimedUntil);
        Assert.NotEmpty(failed.Error!);
        Assert.Single(await host.PeekPoisonAsync());
        Assert.Empty(host.Mail);
    }

    [Fact]
    public async Task Dispatch_SendOutlastsItsTime_CancelledAndHandedBackBeforeTheClaimLapses()
    {
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = new Mock<IMessageSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .Returns(async (OutboundMessage _, CancellationToken token) =>
            {
                // SendGrid answers nothing: the sender waits on until it is told to stop.
                started.SetResult(token);
                await Task.Delay(Timeout.Infinite, token);
                return SendResult.Sent;
            });
        await using var host = TestHost.Start(new HostState(azurite) { Sender = _ => sender.Object });
        var message = await host.TimetableMessageAsync();
        var dispatcher = host.Get<Dispatcher>();
        var timeout = host.Get<IOptions<WorkflowOptions>>().Value.SendTimeout;

        var dispatching = dispatcher.DispatchAsync(message);
        var token = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var claimedUntil = (await host.OutboxRowAsync(Timetable))!.ClaimedUntil;
        host.Clock.Advance(timeout);
        var outcome = await dispatching.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TestData.Opening + dispatcher.ClaimLease, claimedUntil);
        Assert.True(dispatcher.ClaimLease > timeout);
        Assert.True(token.IsCancellationRequested);
        Assert.Equal(DispatchOutcome.Retrying, outcome);
        AssertHandedBack((await host.OutboxRowAsync(Timetable))!, attempts: 1, "Not sent within 120 seconds");
        Assert.True(host.Clock.GetUtcNow() < claimedUntil);
    }

    private static OutboxItem AssertHandedBack(OutboxItem row, int attempts, string error)
    {
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Null(row.ClaimedUntil);
        Assert.Equal(attempts, row.Attempts);
        Assert.Contains(error, row.Error, StringComparison.Ordinal);
        Assert.NotNull(row.NextTryAt);
        return row;
    }

    /// <summary>Moves the clock to the item's next try and empties the queue, so the test delivers the message for that try itself.</summary>
    private static async Task NextTryDueAsync(TestHost host, OutboxItem row)
    {
        await host.Account.Outbox.ClearMessagesAsync();
        host.Clock.SetUtcNow(row.NextTryAt!.Value);
    }
}
