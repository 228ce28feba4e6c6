using Microsoft.Extensions.Options;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.Links;

/// <summary>
/// Decides which link, if any, each recipient of a message gets: the person who must act gets a signed link
/// to act; people copied for information get none, but the director copied on a draft's receipt, who is asked
/// for the region's feedback on it.
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
        (LinkAction Action, int Version)? link = (command.Kind, recipient.Role) switch
        {
            // The director is copied on the draft's receipt for information, and asked for the region's feedback on it.
            (MessageKind.SubmissionReceived, Role.RegionalDirector) when command.Milestone == Milestone.Draft => (LinkAction.RegionalFeedback, 0),
            _ when copied => null,
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
