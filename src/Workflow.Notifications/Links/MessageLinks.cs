using Microsoft.Extensions.Options;
using Workflow.Core.Instances;

namespace Workflow.Notifications.Links;

/// <summary>
/// Signs the link, if any, that <see cref="LinkRules.For"/> gives each recipient of a message, valid for the
/// configured lifetime from when the message was decided; a new-link message's addressee gets the link it was asked to carry.
/// </summary>
public sealed class MessageLinks(LinkSigner signer, IOptions<SignedLinkOptions> options) : IMessageLinks
{
    public Uri? LinkFor(OutboundMessage message, Recipient recipient)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipient);
        var command = message.Command;
        var copied = !message.To.Contains(recipient);
        if (copied && !message.Copy.Contains(recipient))
        {
            return null;
        }
        LinkClaims claims;
        if (message.Link is { } granted)
        {
            if (copied)
            {
                return null;
            }
            claims = new LinkClaims(granted.Action, message.Instance, recipient.Email, granted.Version, granted.Expires, signer.NonceFor(message.Id, recipient.Email));
        }
        else if (LinkRules.For(command, recipient.Role, copied) is { } link)
        {
            claims = new LinkClaims(link.Action, message.Instance, recipient.Email, link.Version,
                command.At.AddDays(options.Value.LifetimeDays), signer.NonceFor(message.Id, recipient.Email));
        }
        else
        {
            return null;
        }
        return new Uri($"{options.Value.BaseUrl.TrimEnd('/')}/links/{signer.Sign(claims)}");
    }
}
