namespace Workflow.Notifications;

/// <summary>Gives nobody a link: for a host that has no signed links yet. Messages then say what to do, with no button.</summary>
public sealed class NoMessageLinks : IMessageLinks
{
    public static NoMessageLinks Instance { get; } = new();

    public Uri? LinkFor(OutboundMessage message, Recipient recipient) => null;
}
