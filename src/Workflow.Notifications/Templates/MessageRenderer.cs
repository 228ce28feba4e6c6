using System.Text.RegularExpressions;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.Templates;

/// <summary>
/// Renders a message for one recipient: a subject naming the system and the round, and the same content as HTML and as
/// plain text, with the recipient's own link when the message asks something of them.
/// </summary>
public sealed partial class MessageRenderer(IMessageLinks links)
{
    private static readonly MessageKind[] AboutAPlanVersion =
        [MessageKind.SubmissionReceived, MessageKind.ApprovalRequest, MessageKind.Agreed, MessageKind.ChangesRequested];

    public RenderedMessage Render(OutboundMessage message, Recipient recipient, bool copied)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipient);
        var facts = new MailFacts(message, recipient);
        var template = Wording.For(message.Command.Kind);
        var command = message.Command;
        var link = links.LinkFor(message, recipient) is { } url && IsWebLink(url) ? url : null;
        var mail = new MailDocument(
            Subject: $"{template.Subject(facts)} — {message.SystemName} ({RoundLabel(message)})",
            Banner: message.RoundTitle,
            Heading: template.Heading(facts),
            Greeting: PlainText.Line(recipient.Name) is { Length: > 0 } name ? $"Dear {name}," : "Hello,",
            CopyNote: copied ? $"You are copied for information because you are {facts.Describe(recipient.Role)}." : null,
            Intro: [.. template.Intro(facts)],
            Detail: template.DetailLabel is { } label && command.Detail is { } detail ? new MailDetail(label, detail) : null,
            Moves: [.. (command.Moves ?? []).Select(m => new MailMove(m.Title, UkTime.DateAndTime(m.From), UkTime.DateAndTime(m.To)))],
            Next: [.. template.Next?.Invoke(facts) ?? []],
            Facts: Facts(message, facts, template),
            Action: link is null ? null : new MailAction(template.Action(facts), link),
            Contacts: [.. message.Contacts.Where(c => !string.Equals(c.Email, recipient.Email, StringComparison.OrdinalIgnoreCase))],
            Footer: $"Sent on {UkTime.DateAndTime(command.At)} by the planning workflow for the {message.RoundTitle}, on behalf of NHS England and NHS Improvement. Reference: {message.Id}");
        return new RenderedMessage(mail.Subject, HtmlMail.Write(mail), TextMail.Write(mail), link);
    }

    /// <summary>"2019/20 planning round" for the round 2019-20; the round's title for any other id.</summary>
    internal static string RoundLabel(OutboundMessage message) =>
        YearRange().IsMatch(message.Instance.Round.Value) ? $"{message.Instance.Round.Value.Replace('-', '/')} planning round" : message.RoundTitle;

    private static List<KeyValuePair<string, string>> Facts(OutboundMessage message, MailFacts facts, Template template)
    {
        var command = message.Command;
        List<KeyValuePair<string, string>> rows = [new("System", message.SystemName), new("Region", message.RegionName)];
        if (template.ShowDue && command.Milestone is not null)
        {
            rows.Add(new("Milestone", message.MilestoneTitle ?? char.ToUpperInvariant(facts.Thing[0]) + facts.Thing[1..]));
            if (command.Due is { } due)
            {
                rows.Add(new("Due", UkTime.DateAndTime(due)));
            }
        }
        if (command.PlanVersion > 0 && AboutAPlanVersion.Contains(command.Kind))
        {
            rows.Add(new("Plan version", command.PlanVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (message.PeerName is { } peer && command.Milestone == Milestone.PeerReview)
        {
            rows.Add(new("Peer system", peer));
        }
        return rows;
    }

    private static bool IsWebLink(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"^\d{4}-\d{2}$")]
    private static partial Regex YearRange();
}
