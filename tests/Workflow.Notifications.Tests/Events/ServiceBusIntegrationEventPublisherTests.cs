using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.ServiceBus;
using Moq;
using Workflow.Notifications.Events;
using Workflow.Notifications.Tests.Support;

namespace Workflow.Notifications.Tests.Events;

public sealed class ServiceBusIntegrationEventPublisherTests
{
    private readonly Mock<ServiceBusSender> _sender = new();
    private readonly List<ServiceBusMessage> _sent = [];

    public ServiceBusIntegrationEventPublisherTests() =>
        _sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Callback((ServiceBusMessage message, CancellationToken _) => _sent.Add(message))
            .Returns(Task.CompletedTask);

    [Fact]
    public async Task PublishAsync_PlanSubmitted_OneMessageNamedForDuplicateDetectionAndFiltering()
    {
        var planEvent = PlanEventBuilder.Submitted();

        await new ServiceBusIntegrationEventPublisher(_sender.Object).PublishAsync(planEvent);

        var message = Assert.Single(_sent);
        Assert.Equal("2019-20|E54000006/event/7", message.MessageId);
        Assert.Equal("uk.nhs.england.planning-round.plan.submitted", message.Subject);
        Assert.Equal("application/cloudevents+json", message.ContentType);
    }

    [Fact]
    public async Task PublishAsync_PlanSubmitted_BodyIsTheCloudEvent()
    {
        var planEvent = PlanEventBuilder.Submitted();

        await new ServiceBusIntegrationEventPublisher(_sender.Object).PublishAsync(planEvent);

        var body = Assert.Single(_sent).Body;
        using var json = JsonDocument.Parse(body.ToString());
        Assert.Equal("1.0", json.RootElement.GetProperty("specversion").GetString());
        var cloudEvent = CloudEvent.Parse(body)!;
        Assert.Equal(planEvent.Id, cloudEvent.Id);
        Assert.Equal("uk.nhs.england.planning-round.plan.submitted", cloudEvent.Type);
        Assert.Equal("/rounds/2019-20/systems/E54000006", cloudEvent.Source);
        Assert.Equal("E54000006", cloudEvent.Subject);
        Assert.Equal(PlanEventBuilder.SubmittedAt, cloudEvent.Time);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        var data = cloudEvent.Data!.ToObjectFromJson<JsonElement>();
        Assert.Equal("E40000009", data.GetProperty("region").GetString());
        Assert.Equal("draft", data.GetProperty("milestone").GetString());
        Assert.Equal("plans/draft.pdf", data.GetProperty("reference").GetString());
    }

    [Fact]
    public async Task PublishAsync_WithToken_PassesItToTheSender()
    {
        using var cancel = new CancellationTokenSource();

        await new ServiceBusIntegrationEventPublisher(_sender.Object).PublishAsync(PlanEventBuilder.Submitted(), cancel.Token);

        _sender.Verify(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), cancel.Token), Times.Once);
    }
}
