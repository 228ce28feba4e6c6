using Workflow.Functions.Durable;
using Workflow.Functions.Tests.Support;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Durable;

/// <summary>A queue message delivered more than once: the message is sent once and its outbox row says so.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DuplicateDeliveryTests(AzuriteFixture azurite)
{
    private static readonly string Timetable = $"{TestData.InstanceId()}/timetable";

    [Fact]
    public async Task Dispatch_SameMessageTwice_SentOnce()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        var message = await host.TimetableMessageAsync();
        var dispatcher = host.Get<Dispatcher>();

        var first = await dispatcher.DispatchAsync(message);
        var second = await dispatcher.DispatchAsync(message);

        Assert.Equal(DispatchOutcome.Sent, first);
        Assert.Equal(DispatchOutcome.AlreadyDone, second);
        Assert.Equal(1, host.State.Sent.Count(Timetable));
        Assert.Single(host.Mail, m => m.Id == Timetable);
        var row = await host.OutboxRowAsync(Timetable);
        Assert.Equal(OutboxStatus.Sent, row!.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(TestData.Opening, row.SentAt);
    }

    [Fact]
    public async Task Dispatch_SameMessageManyTimesAtOnce_SentOnce()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        var message = await host.TimetableMessageAsync();
        var dispatcher = host.Get<Dispatcher>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => dispatcher.DispatchAsync(message))));

        Assert.Single(outcomes, o => o == DispatchOutcome.Sent);
        Assert.All(outcomes.Where(o => o != DispatchOutcome.Sent), o => Assert.Equal(DispatchOutcome.AlreadyDone, o));
        Assert.Equal(1, host.State.Sent.Count(Timetable));
        Assert.Single(host.Mail, m => m.Id == Timetable);
        var row = await host.OutboxRowAsync(Timetable);
        Assert.Equal(OutboxStatus.Sent, row!.Status);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task Drain_MessageEnqueuedTwice_SentOnce()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        var message = await host.TimetableMessageAsync();
        await host.Account.Outbox.SendMessageAsync(message);
        await host.Account.Outbox.SendMessageAsync(message);

        await host.DrainAsync();

        Assert.Equal(1, host.State.Sent.Count(Timetable));
        Assert.Empty(await host.PeekOutboxAsync());
        Assert.Empty(await host.PeekPoisonAsync());
    }

    [Fact]
    public async Task Dispatch_IntegrationEventTwice_PublishedOnce()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.DrainAsync();
        using var draft = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        var messages = await host.PeekOutboxAsync();

        foreach (var message in messages.Concat(messages))
        {
            await host.Get<Dispatcher>().DispatchAsync(message);
        }

        Assert.Single(await host.IntegrationEventsAsync());
    }

    [Fact]
    public async Task Dispatch_ClaimantDiedBeforeSending_SentAtTheNextRedelivery()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        var message = await host.TimetableMessageAsync();
        var store = host.Get<InstanceStore>();
        // A dispatcher claimed the item and died before it sent anything.
        var row = (await host.OutboxRowAsync(Timetable))!;
        Assert.NotNull(await store.ReplaceOutboxAsync(TestHost.Id(), row with { Attempts = 1, ClaimedUntil = TestData.Opening.AddMinutes(2) }));

        var meanwhile = await host.Get<Dispatcher>().DispatchAsync(message);
        await host.AdvanceAsync(TestData.Opening.AddMinutes(TestHost.RedeliveryMinutes));

        Assert.Equal(DispatchOutcome.AlreadyDone, meanwhile);
        Assert.Equal(1, host.State.Sent.Count(Timetable));
        var sent = (await host.OutboxRowAsync(Timetable))!;
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.ClaimedUntil);
    }
}
