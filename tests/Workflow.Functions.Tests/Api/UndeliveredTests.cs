using Moq;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary><c>GET /api/rounds/{round}/undelivered</c>: every message that could not be sent, with why, until it is resent.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UndeliveredTests(AzuriteFixture azurite)
{
    private const string Refusal = "pmo.e54000005@example.org (pmo): SendGrid answered 400 BadRequest: invalid address";
    private static readonly string Timetable = $"{TestData.InstanceId()}/timetable";

    [Fact]
    public async Task Undelivered_MailServiceRefusedTheMessage_ListedWithWhyAndShownOnTheInstance()
    {
        var sender = new Mock<IMessageSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(SendResult.Sent);
        // A refusal is final, so it is not tried again: the message is undelivered at once.
        sender.Setup(s => s.SendAsync(It.Is<OutboundMessage>(m => m.Id == Timetable), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult(SendOutcome.Rejected, Refusal));
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.Opening) { Sender = _ => sender.Object });

        var undelivered = await host.GetJsonAsync($"/api/rounds/{TestData.Round}/undelivered");

        Assert.Equal(1, undelivered.GetProperty("count").GetInt32());
        var listed = Assert.Single(undelivered.GetProperty("messages").EnumerateArray());
        Assert.Equal(TestData.InstanceId(), listed.GetProperty("instance").GetString());
        Assert.Equal(TestData.System, listed.GetProperty("system").GetString());
        var message = listed.GetProperty("message");
        Assert.Equal(Timetable, message.GetProperty("commandId").GetString());
        Assert.Equal("timetable", message.GetProperty("kind").GetString());
        Assert.Equal(Refusal, message.GetProperty("reason").GetString());
        Assert.InRange(message.GetProperty("failedAt").GetDateTimeOffset(), TestData.Opening, TestData.Opening.AddMinutes(10));
        var instance = await host.GetInstanceAsync();
        Assert.Equal(message.ToString(), Assert.Single(instance.GetProperty("undelivered").EnumerateArray()).ToString());
        var issued = instance.GetProperty("history").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "CommandIssued" && e.GetProperty("event").GetProperty("command").GetProperty("id").GetString() == Timetable);
        Assert.Equal(("failed", Refusal), (issued.GetProperty("delivery").GetProperty("status").GetString(), issued.GetProperty("delivery").GetProperty("error").GetString()));
        // The refused timetable was the PMO's prompt, so the regional director is told of it: the third message sent.
        Assert.Equal(3, host.State.Sent.Sends.Count(s => s.Outcome == SendOutcome.Sent));
        Assert.Contains(host.State.Sent.Sends, s => s.Outcome == SendOutcome.Sent && s.Id.Contains($"undelivered:{Timetable}", StringComparison.Ordinal));
    }
}
