using Workflow.Core.Instances;

namespace Workflow.Notifications.SendGrid;

/// <summary>
/// Which recipients of a message have had their copy, kept where every worker sees it and a restart does not lose it,
/// so that a try after a partial failure, in this process or another, sends only to the rest.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>The addresses that have had their copy of the message so far, compared ignoring case.</summary>
    Task<IReadOnlySet<string>> SentToAsync(OutboundMessage message, CancellationToken cancellationToken = default);

    Task RecordSentAsync(OutboundMessage message, string email, CancellationToken cancellationToken = default);

    /// <summary>Records what became of one copy, as the mail service said it under <paramref name="eventId"/>; the same id again changes nothing.</summary>
    Task RecordStatusAsync(OutboundMessage message, string email, MailStatus status, string eventId, CancellationToken cancellationToken = default);
}
