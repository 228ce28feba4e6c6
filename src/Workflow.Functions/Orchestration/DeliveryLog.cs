using Workflow.Core.Instances;
using Workflow.Notifications;
using Workflow.Notifications.SendGrid;
using Workflow.Storage.Deliveries;

namespace Workflow.Functions.Orchestration;

/// <summary>The senders' record of who has had a message, in the deliveries table, so an activity run again sends only to the rest.</summary>
public sealed class DeliveryLog(DeliveryStore deliveries, TimeProvider time) : IDeliveryLog
{
    public Task<IReadOnlySet<string>> SentToAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return deliveries.SentToAsync(message.Instance, message.Id, cancellationToken);
    }

    public Task RecordSentAsync(OutboundMessage message, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return deliveries.RecordSentAsync(message.Instance, message.Id, email, time.GetUtcNow(), cancellationToken);
    }

    public Task RecordStatusAsync(OutboundMessage message, string email, MailStatus status, string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return deliveries.RecordStatusAsync(message.Instance, message.Id, email, status, time.GetUtcNow(), eventId, null, cancellationToken);
    }
}
