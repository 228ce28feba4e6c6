using Workflow.Core.Integration;

namespace Workflow.Notifications.Events;

/// <summary>
/// Tells other NHS systems what happened, as a CloudEvent. Publishing is at least once: a repeat keeps the event's
/// id, so a subscriber (and the topic's duplicate detection) can drop it.
/// </summary>
public interface IIntegrationEventPublisher
{
    Task PublishAsync(PlanEvent planEvent, CancellationToken cancellationToken = default);
}
