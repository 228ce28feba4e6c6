using Azure.Storage.Queues;
using Workflow.Core.Integration;

namespace Workflow.Notifications.Events;

/// <summary>
/// Publishes to a storage queue, for running without Service Bus: the same CloudEvent JSON, one message per event.
/// The queue drops no repeats; a reader goes by the event's id.
/// </summary>
public sealed class QueueIntegrationEventPublisher(QueueClient queue) : IIntegrationEventPublisher
{
    public async Task PublishAsync(PlanEvent planEvent, CancellationToken cancellationToken = default) =>
        await queue.SendMessageAsync(PlanCloudEvents.ToJson(planEvent), cancellationToken: cancellationToken);
}
