using Moq;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications;
using Workflow.Storage;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary><c>GET /api/rounds/{round}/poison</c>: every message that could not be sent, with why.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PoisonTests(AzuriteFixture azurite)
{
    private static readonly string Timetable = $"{TestData.InstanceId()}/timetable";
    private static readonly string Peer = $"{TestData.InstanceId(TestData.Peer)}/timetable";

    [Fact]
    public async Task Poison_PoisonedByTheDispatcherOrByTheQueue_EachWithWhy()
    {
        var sender = new Mock<IMessageSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(SendResult.Sent);
        sender.Setup(s => s.SendAsync(It.Is<OutboundMessage>(m => m.Id == Timetable), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult(SendOutcome.Rejected, "pmo.e54000005@example.org (pmo): SendGrid answered 400 BadRequest: invalid address"));
        await using var host = TestHost.Start(new HostState(azurite) { Sender = _ => sender.Object });
        var message = await host.TimetableMessageAsync();
        await host.Account.Outbox.SendMessageAsync(message);
        await host.DrainAsync();
        // The peer's timetable failed a try, then its message failed every delivery, and the queue moved it as it was.
        var peerRow = (await host.OutboxRowAsync(Peer, TestData.Peer))!;
        Assert.NotNull(await host.Get<InstanceStore>().ReplaceOutboxAsync(TestHost.Id(TestData.Peer), peerRow with { Attempts = 1, Error = "SendGrid could not be reached" }));
        await host.Account.OutboxPoison.SendMessageAsync(OutboxQueue.Serialize(new OutboxReference(TestData.InstanceId(TestData.Peer), peerRow.Row)));

        var poison = await host.GetJsonAsync($"/api/rounds/{TestData.Round}/poison");

        Assert.Equal(2, poison.GetProperty("count").GetInt32());
        var byId = poison.GetProperty("messages").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        var rejected = byId[Timetable];
        Assert.Equal("pmo.e54000005@example.org (pmo): SendGrid answered 400 BadRequest: invalid address", rejected.GetProperty("reason").GetString());
        Assert.Equal(TestData.InstanceId(), rejected.GetProperty("instance").GetString());
        Assert.Equal("failed", rejected.GetProperty("status").GetString());
        Assert.Equal(1, rejected.GetProperty("attempts").GetInt32());
        Assert.Equal(TestData.Opening, rejected.GetProperty("poisonedAt").GetDateTimeOffset());
        var gaveUp = byId[Peer];
        Assert.Equal(
            $"Its queue message failed {TestHost.MaxDequeueCount} deliveries; the last try failed: SendGrid could not be reached",
            gaveUp.GetProperty("reason").GetString());
        Assert.Equal("pending", gaveUp.GetProperty("status").GetString());
        Assert.Equal(1, gaveUp.GetProperty("attempts").GetInt32());
    }
}
