using System.Text.Json;
using Azure.Messaging;
using Workflow.Notifications.Events;
using Workflow.Notifications.Tests.Support;
using Workflow.Testing;

namespace Workflow.Notifications.Tests.Events;

[Collection(AzuriteCollection.Name)]
public sealed class QueueIntegrationEventPublisherTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PublishAsync_PlanSubmitted_QueueHoldsTheCloudEvent()
    {
        var account = await azurite.CreateAccountAsync();
        var planEvent = PlanEventBuilder.Submitted();

        await new QueueIntegrationEventPublisher(account.Events).PublishAsync(planEvent);

        var message = Assert.Single((await account.Events.ReceiveMessagesAsync(maxMessages: 32)).Value);
        using var json = JsonDocument.Parse(message.MessageText);
        Assert.Equal("1.0", json.RootElement.GetProperty("specversion").GetString());
        var cloudEvent = CloudEvent.Parse(message.Body)!;
        Assert.Equal(planEvent.Id, cloudEvent.Id);
        Assert.Equal("uk.nhs.england.planning-round.plan.submitted", cloudEvent.Type);
        Assert.Equal("/rounds/2019-20/systems/E54000006", cloudEvent.Source);
        Assert.Equal(PlanEventBuilder.SubmittedAt, cloudEvent.Time);
        Assert.Equal("FinalDue", cloudEvent.Data!.ToObjectFromJson<JsonElement>().GetProperty("stage").GetString());
    }

    [Fact]
    public async Task PublishAsync_SameEventTwice_BothCarryItsId()
    {
        var account = await azurite.CreateAccountAsync();
        var publisher = new QueueIntegrationEventPublisher(account.Events);

        await publisher.PublishAsync(PlanEventBuilder.Submitted());
        await publisher.PublishAsync(PlanEventBuilder.Submitted());

        var messages = (await account.Events.ReceiveMessagesAsync(maxMessages: 32)).Value;
        Assert.Equal(2, messages.Length);
        Assert.All(messages, m => Assert.Equal("2019-20|E54000006/event/7", CloudEvent.Parse(m.Body)!.Id));
    }
}
