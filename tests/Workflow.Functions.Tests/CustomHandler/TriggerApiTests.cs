using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Moq;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications;
using Workflow.Storage;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.CustomHandler;

/// <summary>The timer and queue functions as the Functions host invokes them: a POST of the invocation payload to <c>/{FunctionName}</c>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TriggerApiTests(AzuriteFixture azurite)
{
    /// <summary>A timer invocation as host 4.x sends it (azure-functions-custom-handler.md).</summary>
    private const string TimerPayload = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"Tick","UtcNow":"2023-09-07T11:40:45.004275Z","RandGuid":"35e6e68c-3a53-4d29-9b8d-1bc0e4a4b8a1"}}}
        """;

    private static readonly string Timetable = $"{TestData.InstanceId()}/timetable";

    [Fact]
    public async Task Tick_DocumentedTimerPayload_RunsDueWakeUpsAndAnswersTheHost()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        host.Clock.SetUtcNow(TestData.Opening);

        using var response = await host.PostRawAsync("/Tick", TimerPayload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], body.Select(p => p.Key));
        Assert.Empty(body["Outputs"]!.AsObject());
        Assert.Matches("^[0-9]+ instances woken$", Assert.Single(body["Logs"]!.AsArray())!.GetValue<string>());
        Assert.Null(body["ReturnValue"]);
        Assert.Equal(3, (await host.PeekOutboxAsync()).Count);
    }

    [Fact]
    public async Task Tick_ScheduleStatusFilledIn_Accepted()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        const string payload = """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2023-09-07T11:38:00+00:00","Next":"2023-09-07T11:42:00+00:00","LastUpdated":"2023-09-07T11:38:00+00:00"},"IsPastDue":true}},
             "Metadata":{"sys":{"MethodName":"Tick","UtcNow":"2023-09-07T11:40:45.004275Z","RandGuid":"35e6e68c-3a53-4d29-9b8d-1bc0e4a4b8a1"}}}
            """;

        using var response = await host.PostRawAsync("/Tick", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dispatch_DocumentedQueuePayload_SendsTheMail()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        var message = await host.TimetableMessageAsync();

        using var response = await host.PostRawAsync("/Dispatch", QueuePayload(message, dequeueCount: 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Empty(body["Outputs"]!.AsObject());
        Assert.Equal("Sent", Assert.Single(body["Logs"]!.AsArray())!.GetValue<string>());
        Assert.Single(host.Mail, m => m.Id == Timetable);
        Assert.Equal(OutboxStatus.Sent, (await host.OutboxRowAsync(Timetable))!.Status);
    }

    [Fact]
    public async Task Dispatch_ItemAsJsonObjectAndCountAsString_SendsTheMail()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        var message = await host.TimetableMessageAsync();
        var payload = JsonNode.Parse(QueuePayload(message, 1))!;
        payload["Data"]!["item"] = JsonNode.Parse(message);
        payload["Metadata"]!["DequeueCount"] = "1";

        using var response = await host.PostRawAsync("/Dispatch", payload.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.State.Sent.Count(Timetable));
    }

    [Fact]
    public async Task Dispatch_DeliveredAgain_AnsweredOkAndNotSentAgain()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        var message = await host.TimetableMessageAsync();

        using var first = await host.PostRawAsync("/Dispatch", QueuePayload(message, 1));
        using var second = await host.PostRawAsync("/Dispatch", QueuePayload(message, 2));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("AlreadyDone", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, host.State.Sent.Count(Timetable));
    }

    [Fact]
    public async Task Dispatch_TransientFailure_AnsweredOkAndTriedAgainLaterEachTimeThenPoisoned()
    {
        var sender = new Mock<IMessageSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult(SendOutcome.Transient, "429 too many requests"));
        await using var host = TestHost.Start(new HostState(azurite) { Sender = _ => sender.Object });
        var message = await host.TimetableMessageAsync();
        TimeSpan[] waits = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)];

        for (var attempt = 1; attempt < TestHost.MaxSendAttempts; attempt++)
        {
            var now = host.Clock.GetUtcNow();
            using var retry = await host.PostRawAsync("/Dispatch", QueuePayload(message, dequeueCount: 1));
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Contains("Retrying", await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var pending = (await host.OutboxRowAsync(Timetable))!;
            Assert.Equal(OutboxStatus.Pending, pending.Status);
            Assert.Equal(attempt, pending.Attempts);
            Assert.Equal("429 too many requests", pending.Error);
            Assert.Null(pending.ClaimedUntil);
            Assert.InRange(pending.NextTryAt!.Value - now, waits[attempt - 1], waits[attempt - 1] * 1.2);
            // The next try comes by a new message, hidden until it is due; the host deletes the one it delivered.
            Assert.Empty(await host.PeekOutboxAsync());
            Assert.Equal(1, (await host.Account.Outbox.GetPropertiesAsync()).Value.ApproximateMessagesCount);
            Assert.Empty(await host.PeekPoisonAsync());
            await host.Account.Outbox.ClearMessagesAsync();
            host.Clock.SetUtcNow(pending.NextTryAt.Value);
        }
        using var last = await host.PostRawAsync("/Dispatch", QueuePayload(message, dequeueCount: 1));

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        var failed = (await host.OutboxRowAsync(Timetable))!;
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal(TestHost.MaxSendAttempts, failed.Attempts);
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(TestHost.MaxSendAttempts));
        var poison = await host.GetJsonAsync($"/api/rounds/{TestData.Round}/poison");
        Assert.Equal(1, poison.GetProperty("count").GetInt32());
        var poisoned = poison.GetProperty("messages")[0];
        Assert.Equal(Timetable, poisoned.GetProperty("id").GetString());
        Assert.Equal("429 too many requests", poisoned.GetProperty("reason").GetString());
        Assert.Equal(TestHost.MaxSendAttempts, poisoned.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Dispatch_DeliveredAgainBeforeTheNextTryIsDue_PutBackUntilThenAndNotSent()
    {
        var sender = new Mock<IMessageSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult(SendOutcome.Transient, "503 service unavailable"));
        await using var host = TestHost.Start(new HostState(azurite) { Sender = _ => sender.Object });
        var message = await host.TimetableMessageAsync();
        using var failed = await host.PostRawAsync("/Dispatch", QueuePayload(message, 1));

        // A second message for the item: the host delivered the first again after a crash before it was answered.
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        using var early = await host.PostRawAsync("/Dispatch", QueuePayload(message, 2));

        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains("NotDue", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(1, (await host.OutboxRowAsync(Timetable))!.Attempts);
        Assert.Empty(await host.PeekOutboxAsync());
        Assert.Equal(2, (await host.Account.Outbox.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Dispatch_Rejected_PoisonedAtOnceAndNeverRedelivered()
    {
        var sender = new Mock<IMessageSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(SendResult.Sent);
        sender.Setup(s => s.SendAsync(It.Is<OutboundMessage>(m => m.Id == Timetable), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult(SendOutcome.Rejected, "550 no such mailbox"));
        await using var host = TestHost.Start(new HostState(azurite) { Sender = _ => sender.Object });
        var message = await host.TimetableMessageAsync();

        using var response = await host.PostRawAsync("/Dispatch", QueuePayload(message, 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var poisoned = OutboxQueue.ReadPoisoned(Assert.Single(await host.PeekPoisonAsync()))!;
        Assert.Equal((TestData.InstanceId(), OutboxItem.RowFor(Timetable), "550 no such mailbox"), (poisoned.Instance, poisoned.Row, poisoned.Reason));
        var failed = (await host.OutboxRowAsync(Timetable))!;
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal("550 no such mailbox", failed.Error);

        // A failed item is not owed any more: the redelivery wake-up does not hand it over again.
        await host.AdvanceAsync(TestData.Opening.AddMinutes(2 * TestHost.RedeliveryMinutes));
        sender.Verify(s => s.SendAsync(It.Is<OutboundMessage>(m => m.Id == Timetable), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("/Tick", "not json")]
    [InlineData("/Tick", "[1, 2]")]
    [InlineData("/Dispatch", "not json")]
    [InlineData("/Dispatch", """{"Data":{},"Metadata":{}}""")]
    [InlineData("/Dispatch", """{"Data":{"myQueueItem":"{}"},"Metadata":{"DequeueCount":1}}""")]
    public async Task Trigger_NotAnInvocation_BadRequestAndNothingDone(string path, string body)
    {
        await using var host = TestHost.Start(new HostState(azurite));
        host.Clock.SetUtcNow(TestData.Opening);

        using var response = await host.PostRawAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await host.PeekOutboxAsync());
        Assert.Empty(await host.PeekPoisonAsync());
    }

    [Theory]
    [InlineData("not an outbox reference")]
    [InlineData("""{"instance":"nobody","row":"o-1"}""")]
    [InlineData("""{"something":"else"}""")]
    public async Task Dispatch_GarbageQueueItem_PoisonedWithOk(string item)
    {
        await using var host = TestHost.Start(new HostState(azurite));

        using var response = await host.PostRawAsync("/Dispatch", QueuePayload(item, 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var poisoned = OutboxQueue.ReadPoisoned(Assert.Single(await host.PeekPoisonAsync()))!;
        Assert.Equal(item, poisoned.Message);
        Assert.Equal("The message is not an outbox reference.", poisoned.Reason);
        Assert.Empty(host.Mail);
    }

    [Fact]
    public async Task Dispatch_ItemOfAnUnknownRow_AnsweredOkAndNothingSent()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        var item = $$"""{"instance":"{{TestData.InstanceId()}}","row":"o-0000"}""";

        using var response = await host.PostRawAsync("/Dispatch", QueuePayload(item, 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Mail);
    }

    [Fact]
    public async Task Probe_Root_Answers()
    {
        await using var host = TestHost.Start(new HostState(azurite) { StartRoundOnLoad = false });

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A queue invocation as the documentation shows it, with the binding's name (<c>item</c>) under Data.</summary>
    private static string QueuePayload(string item, long dequeueCount) => new JsonObject
    {
        ["Data"] = new JsonObject { ["item"] = item },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = dequeueCount,
            ["ExpirationTime"] = "2019-10-16T17:58:31+00:00",
            ["Id"] = "800ae4b3-bdd2-4c08-badd-f08e5a34b865",
            ["InsertionTime"] = "2019-10-09T17:58:31+00:00",
            ["NextVisibleTime"] = "2019-10-09T18:08:32+00:00",
            ["PopReceipt"] = "AgAAAAMAAAAAAAAAAgtnj8x+1QE=",
            ["sys"] = new JsonObject
            {
                ["MethodName"] = "Dispatch",
                ["UtcNow"] = "2019-10-09T17:58:32.2205399Z",
                ["RandGuid"] = "24ad4c06-7fe3-4a3d-9b1c-7b0a9c6a5b1e",
            },
        },
    }.ToJsonString();
}
