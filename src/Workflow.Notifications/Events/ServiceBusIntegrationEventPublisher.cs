using Azure.Messaging.ServiceBus;
using Workflow.Core.Integration;

namespace Workflow.Notifications.Events;

/// <summary>Publishes to the Service Bus topic, one message per event.</summary>
public sealed class ServiceBusIntegrationEventPublisher(ServiceBusSender sender) : IIntegrationEventPublisher
{
    public async Task PublishAsync(PlanEvent planEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(planEvent);
        var message = new ServiceBusMessage(PlanCloudEvents.ToJson(planEvent))
        {
            // The topic drops a message whose id it has seen within its detection window, so a repeat goes no further.
            MessageId = planEvent.Id,
            // Subscriptions filter on the subject without reading the body.
            Subject = planEvent.Type,
            ContentType = PlanCloudEvents.ContentType,
        };
        await sender.SendMessageAsync(message, cancellationToken);
    }
}
