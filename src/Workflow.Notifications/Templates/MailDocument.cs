namespace Workflow.Notifications.Templates;

/// <summary>One message for one recipient, laid out but not yet written as HTML or text. Every string is plain text.</summary>
internal sealed record MailDocument(
    string Subject,
    string Banner,
    string Heading,
    string Greeting,
    string? CopyNote,
    IReadOnlyList<string> Intro,
    MailDetail? Detail,
    IReadOnlyList<string> Next,
    IReadOnlyList<KeyValuePair<string, string>> Facts,
    MailAction? Action,
    IReadOnlyList<Recipient> Contacts,
    string Footer)
{
    public const string PersonalLink = "This link is personal to you: please do not forward this e-mail.";

    public const string ContactsLead = "If you have questions, contact:";
}

/// <summary>What people said (a comment, a notice, a reason), quoted as they wrote it.</summary>
internal sealed record MailDetail(string Label, string Text)
{
    public IEnumerable<string> Lines => Text.ReplaceLineEndings("\n").Split('\n');
}

internal sealed record MailAction(string Label, Uri Url);
