using Microsoft.Extensions.Options;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.Links;

/// <summary>
/// Decides which link, if any, each recipient of a message gets: the person who must act gets a signed link
/// to act; people copied for information get none.
/// </summary>
public sealed class MessageLinks(LinkSigner signer, IOptions<SignedLinkOptions> options) : IMessageLinks
{
    public Uri? LinkFor(OutboundMessage message, Recipient recipient)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipient);
        var command = message.Command;
        if (!message.To.Contains(recipient))
        {
            return null;
        }
        (LinkAction Action, int Version)? link = (command.Kind, recipient.Role) switch
        {
            (MessageKind.ApprovalRequest, Role.RegionalDirector) => (LinkAction.Decide, command.PlanVersion),
            (MessageKind.Reminder or MessageKind.DueToday or MessageKind.Overdue, Role.RegionalDirector) when command.Milestone == Milestone.Agreement
                => (LinkAction.Decide, command.PlanVersion),
            (MessageKind.FootprintNoticeReceived, Role.RegionalDirector) => (LinkAction.Acknowledge, command.Cycle),
            (MessageKind.Reminder or MessageKind.DueToday or MessageKind.Overdue, Role.RegionalDirector) when command.Milestone == Milestone.FootprintAcknowledgement
                => (LinkAction.Acknowledge, command.Cycle),
            (_, Role.PeerPmo) => (LinkAction.PeerFeedback, 0),
            (_, Role.Pmo) => (LinkAction.Submit, command.PlanVersion),
            _ => null,
        };
        if (link is not { } chosen)
        {
            return null;
        }
        var claims = new LinkClaims(chosen.Action, message.Instance, recipient.Email, chosen.Version,
            command.At.AddDays(options.Value.LifetimeDays), signer.NonceFor(message.Id, recipient.Email));
        return new Uri($"{options.Value.BaseUrl.TrimEnd('/')}/links/{signer.Sign(claims)}");
    }
}
