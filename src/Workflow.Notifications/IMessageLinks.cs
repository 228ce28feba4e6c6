namespace Workflow.Notifications;

/// <summary>Gives each recipient of a message their own link to act on it.</summary>
public interface IMessageLinks
{
    /// <summary>
    /// The personal, signed link for <paramref name="recipient"/> to act on <paramref name="message"/> (the system
    /// page for a PMO, the decision page for a director), or null when the message asks nothing of them.
    /// </summary>
    Uri? LinkFor(OutboundMessage message, Recipient recipient);
}
