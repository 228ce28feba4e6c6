using Workflow.Functions.Durable;
using Workflow.Functions.Tests.Support;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Durable;

/// <summary>A crash between the commit and the enqueue: the outbox row is committed, its queue message never written.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashWindowTests(AzuriteFixture azurite)
{
    private static readonly string Timetable = $"{TestData.InstanceId()}/timetable";

    [Fact]
    public async Task LostEnqueue_AfterRedeliveryMinutes_SentOnce()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        host.Clock.SetUtcNow(TestData.Opening);
        await host.TickAsync();
        Assert.Equal(3, (await host.PeekOutboxAsync()).Count);

        // The process died after the commit and before the messages reached the queue.
        await host.Account.Outbox.ClearMessagesAsync();
        await host.AdvanceAsync(TestData.Opening.AddMinutes(TestHost.RedeliveryMinutes - 1));
        Assert.Empty(host.Mail);

        await host.AdvanceAsync(TestData.Opening.AddMinutes(TestHost.RedeliveryMinutes));

        Assert.Equal(3, host.Mail.Count);
        Assert.Equal(1, host.State.Sent.Count(Timetable));
        var row = await host.OutboxRowAsync(Timetable);
        Assert.Equal(OutboxStatus.Sent, row!.Status);
        Assert.Equal(1, row.Attempts);

        // Nothing is owed any more: later wake-ups send nothing again and stop asking to redeliver.
        await host.AdvanceAsync(TestData.Opening.AddMinutes(3 * TestHost.RedeliveryMinutes));
        Assert.Equal(3, host.Mail.Count);
        Assert.All(host.State.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
        Assert.Empty(await host.PeekOutboxAsync());
        Assert.True(await host.NextWakeUpAsync() > TestData.Opening.AddDays(1));
    }

    [Fact]
    public async Task LostEnqueue_MessageStillOnTheQueueToo_SentOnce()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        host.Clock.SetUtcNow(TestData.Opening);
        await host.TickAsync();

        // The dispatcher is slow: the first messages are still queued when the wake-up hands them over again.
        host.Clock.SetUtcNow(TestData.Opening.AddMinutes(TestHost.RedeliveryMinutes));
        await host.TickAsync();
        Assert.Equal(6, (await host.PeekOutboxAsync()).Count);
        await host.DrainAsync();

        Assert.Equal(3, host.Mail.Count);
        Assert.All(host.State.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task LostEnqueue_AfterAnHttpEvent_SentAtTheNextWakeUp()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.DrainAsync();
        using var draft = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        await host.Account.Outbox.ClearMessagesAsync();

        await host.AdvanceAsync(host.Clock.GetUtcNow().AddMinutes(TestHost.RedeliveryMinutes));

        var received = $"{TestData.InstanceId()}/received:draft";
        Assert.Equal(1, host.State.Sent.Count(received));
        Assert.Single(await host.IntegrationEventsAsync(), e => e.GetProperty("type").GetString() == "uk.nhs.england.planning-round.plan.submitted");
    }

    [Fact]
    public async Task LostStatusWrite_RewrittenAtTheNextWakeUp()
    {
        var state = new HostState(azurite);
        await using (var crashed = TestHost.Start(state))
        {
            await crashed.AdvanceAsync(TestData.Opening);
            // The process died after the commit and before the status row was written.
            await crashed.Account.Status.DeleteEntityAsync(TestData.Round, TestData.System);
        }

        // Another process takes over: it knows nothing of the row but what storage says.
        await using var host = TestHost.Start(state);
        await host.AdvanceAsync(TestData.Opening.AddMinutes(TestHost.RedeliveryMinutes));

        var status = await host.GetJsonAsync($"/api/rounds/{TestData.Round}/status");
        var row = Assert.Single(status.GetProperty("items").EnumerateArray(), r => r.GetProperty("system").GetString() == TestData.System);
        Assert.Equal((await host.GetInstanceAsync(history: false)).GetProperty("version").GetInt32(), row.GetProperty("version").GetInt32());
    }
}
