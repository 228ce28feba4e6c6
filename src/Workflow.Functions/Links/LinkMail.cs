using Microsoft.Extensions.Options;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Notifications;
using Workflow.Notifications.Links;
using Workflow.Notifications.SendGrid;

namespace Workflow.Functions.Links;

/// <summary>A new link mailed, or found mailed before under the same request; the link as this request would have made it.</summary>
public sealed record LinkMailResult(GrantedLink Link, SendResult Result, bool SentBefore);

/// <summary>
/// Mails one person from the directory a fresh link for one action on an instance, to their directory address only. The
/// message is sent under an id made from the request's, through the same sender and delivery log as every other message,
/// so the same request made again sends nothing more.
/// </summary>
public sealed class LinkMail(IMessageSender sender, IDeliveryLog delivered, ReferenceData reference, IOptions<SignedLinkOptions> options)
{
    public async Task<LinkMailResult> SendAsync(
        InstanceState state, Round round, Contact person, ActionLink link, string requestId, string? reason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(person);
        var role = link.Action switch
        {
            LinkAction.Submit => Role.Pmo,
            LinkAction.PeerFeedback => Role.PeerPmo,
            _ => Role.RegionalDirector,
        };
        var granted = new GrantedLink(link.Action, link.Version, now.AddDays(options.Value.LifetimeDays));
        var command = new Command($"{state.Id}/new-link/{requestId}", now, MessageKind.NewLink, null, 0, null, [role], [], state.PlanVersion, reason);
        // Composed as every message is, but addressed to the one person who asked or was named, not to everyone in the role.
        var message = OutboundMessages.Compose(command, state.Id, state.Region, state.Peer, round, reference.Directory, []) with
        {
            To = [new Recipient(role, person.Name, person.Email)],
            Link = granted,
        };
        if ((await delivered.SentToAsync(message, cancellationToken)).Contains(person.Email))
        {
            return new LinkMailResult(granted, SendResult.Sent, SentBefore: true);
        }
        return new LinkMailResult(granted, await sender.SendAsync(message, cancellationToken), SentBefore: false);
    }
}
