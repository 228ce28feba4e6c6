using System.Net;
using System.Text;

namespace Workflow.Notifications.Templates;

/// <summary>
/// Writes a message as simple, accessible HTML: inline styles only (mail clients drop style sheets), no images or
/// scripts, and every value HTML-encoded.
/// </summary>
internal static class HtmlMail
{
    private const string Muted = "font-size:14px;color:#4c6272;";

    public static string Write(MailDocument mail)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(mail.Subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background-color:#f0f4f5;\">\n")
            .Append("<div role=\"article\" aria-label=\"").Append(E(mail.Subject)).Append("\" style=\"max-width:600px;margin:0 auto;background-color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#212b32;\">\n")
            .Append("<div style=\"background-color:#005eb8;color:#ffffff;padding:16px 24px;font-weight:bold;\">").Append(E(mail.Banner)).Append("</div>\n")
            .Append("<div style=\"padding:24px;\">\n")
            .Append("<h1 style=\"font-size:24px;line-height:1.25;margin:0 0 16px;\">").Append(E(mail.Heading)).Append("</h1>\n");
        Paragraph(html, mail.Greeting);
        if (mail.CopyNote is { } note)
        {
            Paragraph(html, note, "padding:8px 16px;border-left:4px solid #768692;background-color:#f0f4f5;");
        }
        foreach (var text in mail.Intro)
        {
            Paragraph(html, text);
        }
        if (mail.Detail is { } detail)
        {
            html.Append("<h2 style=\"font-size:19px;margin:24px 0 8px;\">").Append(E(detail.Label)).Append("</h2>\n")
                .Append("<blockquote style=\"margin:0 0 16px;padding:8px 16px;border-left:4px solid #005eb8;background-color:#f0f4f5;\">")
                .AppendJoin("<br>\n", detail.Lines.Select(E))
                .Append("</blockquote>\n");
        }
        Moves(html, mail.Moves);
        foreach (var text in mail.Next)
        {
            Paragraph(html, text);
        }
        Facts(html, mail.Facts);
        if (mail.Action is { } action)
        {
            var href = E(action.Url.AbsoluteUri);
            html.Append("<p style=\"margin:24px 0;\"><a href=\"").Append(href)
                .Append("\" style=\"display:inline-block;background-color:#005eb8;color:#ffffff;padding:12px 20px;border-radius:4px;font-weight:bold;text-decoration:none;\">")
                .Append(E(action.Label)).Append("</a></p>\n")
                .Append("<p style=\"").Append(Muted).Append("\">If the button does not work, copy this address into your browser:<br>\n")
                .Append("<a href=\"").Append(href).Append("\" style=\"color:#005eb8;word-break:break-all;\">").Append(href).Append("</a></p>\n");
            Paragraph(html, MailDocument.PersonalLink, Muted);
        }
        if (mail.Contacts.Count > 0)
        {
            html.Append("<h2 style=\"font-size:19px;margin:24px 0 8px;\">Questions</h2>\n");
            Paragraph(html, MailDocument.ContactsLead, "margin:0 0 8px;");
            html.Append("<ul style=\"margin:0 0 16px;padding-left:20px;\">\n");
            foreach (var contact in mail.Contacts)
            {
                html.Append("<li>").Append(E(contact.Name)).Append(", <a href=\"mailto:").Append(E(contact.Email))
                    .Append("\" style=\"color:#005eb8;\">").Append(E(contact.Email)).Append("</a></li>\n");
            }
            html.Append("</ul>\n");
        }
        Paragraph(html, mail.Footer, Muted + "border-top:1px solid #d8dde0;padding-top:16px;margin-top:32px;");
        return html.Append("</div>\n</div>\n</body>\n</html>\n").ToString();
    }

    private static void Facts(StringBuilder html, IReadOnlyList<KeyValuePair<string, string>> facts)
    {
        html.Append("<table style=\"border-collapse:collapse;margin:16px 0;\">\n")
            .Append("<caption style=\"text-align:left;font-weight:bold;padding-bottom:4px;\">Summary</caption>\n");
        foreach (var (label, value) in facts)
        {
            html.Append("<tr><th scope=\"row\" style=\"text-align:left;vertical-align:top;padding:4px 16px 4px 0;\">").Append(E(label))
                .Append("</th><td style=\"padding:4px 0;\">").Append(E(value)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Moves(StringBuilder html, IReadOnlyList<MailMove> moves)
    {
        if (moves.Count == 0)
        {
            return;
        }
        const string Cell = "text-align:left;vertical-align:top;padding:4px 16px 4px 0;border-bottom:1px solid #d8dde0;";
        html.Append("<table style=\"border-collapse:collapse;margin:16px 0;\">\n")
            .Append("<caption style=\"text-align:left;font-weight:bold;padding-bottom:4px;\">").Append(E(MailMove.Heading)).Append("</caption>\n")
            .Append("<tr><th scope=\"col\" style=\"").Append(Cell).Append("\">Milestone</th><th scope=\"col\" style=\"").Append(Cell)
            .Append("\">Was due</th><th scope=\"col\" style=\"").Append(Cell).Append("\">Now due</th></tr>\n");
        foreach (var move in moves)
        {
            html.Append("<tr><th scope=\"row\" style=\"").Append(Cell).Append("\">").Append(E(move.Milestone)).Append("</th><td style=\"").Append(Cell).Append("\">")
                .Append(E(move.Was)).Append("</td><td style=\"").Append(Cell).Append("\">").Append(E(move.Now)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Paragraph(StringBuilder html, string text, string style = "") =>
        html.Append("<p style=\"margin:0 0 16px;").Append(style).Append("\">").Append(E(text)).Append("</p>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
