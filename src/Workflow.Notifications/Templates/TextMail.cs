using System.Text;

namespace Workflow.Notifications.Templates;

/// <summary>Writes a message as plain text, for mail clients that show no HTML and for screen readers that prefer it.</summary>
internal static class TextMail
{
    public static string Write(MailDocument mail)
    {
        var text = new StringBuilder();
        text.AppendLine(mail.Heading).AppendLine(new string('=', mail.Heading.Length)).AppendLine();
        Paragraph(text, mail.Greeting);
        if (mail.CopyNote is { } note)
        {
            Paragraph(text, note);
        }
        foreach (var line in mail.Intro)
        {
            Paragraph(text, line);
        }
        if (mail.Detail is { } detail)
        {
            text.Append(detail.Label).AppendLine(":");
            // Indented, every line of it: what people wrote reads as a quotation, never as a line of the message.
            foreach (var line in detail.Lines)
            {
                (line.Length > 0 ? text.Append("    ") : text).AppendLine(line);
            }
            text.AppendLine();
        }
        if (mail.Moves.Count > 0)
        {
            text.Append(MailMove.Heading).AppendLine(":");
            foreach (var move in mail.Moves)
            {
                text.Append("- ").Append(move.Milestone).Append(": was due ").Append(move.Was).Append(", now due ").AppendLine(move.Now);
            }
            text.AppendLine();
        }
        foreach (var line in mail.Next)
        {
            Paragraph(text, line);
        }
        text.AppendLine("Summary");
        foreach (var (label, value) in mail.Facts)
        {
            text.Append("- ").Append(label).Append(": ").AppendLine(value);
        }
        text.AppendLine();
        if (mail.Action is { } action)
        {
            text.Append(action.Label).AppendLine(":").AppendLine(action.Url.AbsoluteUri);
            Paragraph(text, MailDocument.PersonalLink);
        }
        if (mail.Contacts.Count > 0)
        {
            text.AppendLine(MailDocument.ContactsLead);
            foreach (var contact in mail.Contacts)
            {
                text.Append("- ").Append(contact.Name).Append(", ").AppendLine(contact.Email);
            }
            text.AppendLine();
        }
        return text.AppendLine("--").AppendLine(mail.Footer).ToString();
    }

    private static void Paragraph(StringBuilder text, string line) => text.AppendLine(line).AppendLine();
}
