using Workflow.Notifications;
using Workflow.Notifications.SendGrid;
using Workflow.Storage.Instances;

namespace Workflow.Functions.Durable;

/// <summary>
/// Who has had their copy of a message, kept in the instance's partition beside the message's outbox row, so a try
/// on any worker, or after a restart, sends only to those not yet sent to.
/// </summary>
public sealed class OutboxDeliveryLog(InstanceStore instances, TimeProvider time) : IDeliveryLog
{
    public Task<IReadOnlySet<string>> SentToAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return instances.DeliveredToAsync(message.Instance, message.Id, cancellationToken);
    }

    public Task RecordSentAsync(OutboundMessage message, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return instances.RecordDeliveryAsync(message.Instance, message.Id, email, time.GetUtcNow(), cancellationToken);
    }
}
