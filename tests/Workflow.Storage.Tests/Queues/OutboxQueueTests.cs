using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Queues;

[Collection(AzuriteCollection.Name)]
public sealed class OutboxQueueTests(AzuriteFixture azurite)
{
    private static readonly OutboxReference Reference = new("2019-20|E54000006", "o-0123456789abcdef0123456789abcdef01234567");
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReceiveAsync_AfterEnqueue_DeliversTheReference_AndCompleteRemovesIt()
    {
        var queue = new OutboxQueue(await azurite.CreateAccountAsync());

        await queue.EnqueueAsync(Reference);
        var delivery = Assert.Single(await queue.ReceiveAsync(10, Visibility));
        await queue.CompleteAsync(delivery);

        Assert.Equal(Reference, delivery.Reference);
        Assert.Equal(1, delivery.DequeueCount);
        Assert.Equal(OutboxQueue.Serialize(Reference), delivery.Text);
        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1)));
        Assert.Empty(await queue.PeekPoisonAsync());
    }

    [Fact]
    public async Task RetryAsync_MakesTheMessageVisibleAgainAfterTheBackoff()
    {
        var queue = new OutboxQueue(await azurite.CreateAccountAsync());
        await queue.EnqueueAsync(Reference);
        var first = Assert.Single(await queue.ReceiveAsync(1, Visibility));

        await queue.RetryAsync(first, TimeSpan.FromSeconds(1));

        Assert.Empty(await queue.ReceiveAsync(1, Visibility));
        var again = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(5));
        Assert.Equal(Reference, again.Reference);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task EnqueueAsync_WithDelay_StaysHiddenUntilThen()
    {
        var queue = new OutboxQueue(await azurite.CreateAccountAsync());

        await queue.EnqueueAsync(Reference, TimeSpan.FromSeconds(1));

        Assert.Empty(await queue.ReceiveAsync(1, Visibility));
        Assert.Equal(Reference, (await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(5))).Reference);
    }

    [Fact]
    public async Task PoisonAsync_MovesTheMessageToThePoisonQueue()
    {
        var queue = new OutboxQueue(await azurite.CreateAccountAsync());
        await queue.EnqueueAsync(Reference);
        var delivery = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1)));

        await queue.PoisonAsync(delivery);

        Assert.Equal([OutboxQueue.Serialize(Reference)], await queue.PeekPoisonAsync());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Empty(await queue.ReceiveAsync(1, Visibility));
    }

    [Fact]
    public async Task PoisonAsync_WithAReason_ReadBackWithItAndStillAReference()
    {
        var queue = new OutboxQueue(await azurite.CreateAccountAsync());
        var poisoned = new PoisonedMessage(Reference.Instance, Reference.Row, "550 no such mailbox", new DateTimeOffset(2019, 6, 27, 8, 0, 0, TimeSpan.Zero))
        {
            Id = "2019-20|E54000006/timetable",
            Attempts = 3,
        };

        await queue.PoisonAsync(poisoned);
        var text = Assert.Single(await queue.PeekPoisonAsync());

        Assert.Equal(poisoned, OutboxQueue.ReadPoisoned(text));
        Assert.Equal(Reference, OutboxQueue.Deserialize(text));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"instance":"2019-20|E54000006","row":"o-0123456789abcdef0123456789abcdef01234567"}""")]
    public void ReadPoisoned_NoReasonInIt_ReturnsNull(string text) => Assert.Null(OutboxQueue.ReadPoisoned(text));

    [Fact]
    public async Task ReceiveAsync_GarbageMessage_KeepsItsTextWithAnEmptyReference()
    {
        var account = await azurite.CreateAccountAsync();
        var queue = new OutboxQueue(account);
        await account.Outbox.SendMessageAsync("not an outbox reference");

        var delivery = Assert.Single(await queue.ReceiveAsync(1, Visibility));

        Assert.Equal("not an outbox reference", delivery.Text);
        Assert.Equal(new OutboxReference("", ""), delivery.Reference);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"instance":"2019-20|E54000006"}""")]
    [InlineData("""{"instance":3,"row":"o-1"}""")]
    public void Deserialize_Garbage_ReturnsNull(string text) => Assert.Null(OutboxQueue.Deserialize(text));

    [Fact]
    public void Deserialize_WhatSerializeWrote_ReturnsTheReference() =>
        Assert.Equal(Reference, OutboxQueue.Deserialize(OutboxQueue.Serialize(Reference)));

    private static async Task<OutboxDelivery> ReceiveWithinAsync(OutboxQueue queue, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if ((await queue.ReceiveAsync(1, Visibility)).SingleOrDefault() is { } delivery)
            {
                return delivery;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no message became visible within {within.TotalSeconds} s");
            await Task.Delay(200);
        }
    }
}
