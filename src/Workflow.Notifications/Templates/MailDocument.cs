using Workflow.Core;

namespace Workflow.Notifications.Templates;

/// <summary>
/// One message for one recipient, laid out but not yet written as HTML or text. Every string is plain text, and made
/// so here, whatever people put in the names, titles and comments it is made from: each is one line (see
/// <see cref="PlainText.Line"/>) but what people said, which keeps its lines as a block. Both writers read only this,
/// so no line break or hidden character can reach a subject, a header-like line or a body but through this rule.
/// </summary>
internal sealed record MailDocument(
    string Subject,
    string Banner,
    string Heading,
    string Greeting,
    string? CopyNote,
    IReadOnlyList<string> Intro,
    MailDetail? Detail,
    IReadOnlyList<MailMove> Moves,
    IReadOnlyList<string> Next,
    IReadOnlyList<KeyValuePair<string, string>> Facts,
    MailAction? Action,
    IReadOnlyList<Recipient> Contacts,
    string Footer)
{
    public const string PersonalLink = "This link is personal to you: please do not forward this e-mail.";

    public const string ContactsLead = "If you have questions, contact:";

    public string Subject { get; } = PlainText.Line(Subject);

    public string Banner { get; } = PlainText.Line(Banner);

    public string Heading { get; } = PlainText.Line(Heading);

    public string Greeting { get; } = PlainText.Line(Greeting);

    public string? CopyNote { get; } = CopyNote is null ? null : PlainText.Line(CopyNote);

    public IReadOnlyList<string> Intro { get; } = [.. Intro.Select(PlainText.Line)];

    /// <summary>Left out when nothing is left of what people said once it is cleaned.</summary>
    public MailDetail? Detail { get; } = Detail is { Text.Length: > 0 } ? Detail : null;

    public IReadOnlyList<MailMove> Moves { get; } = Moves;

    public IReadOnlyList<string> Next { get; } = [.. Next.Select(PlainText.Line)];

    public IReadOnlyList<KeyValuePair<string, string>> Facts { get; } =
        [.. Facts.Select(fact => KeyValuePair.Create(PlainText.Line(fact.Key), PlainText.Line(fact.Value)))];

    public IReadOnlyList<Recipient> Contacts { get; } =
        [.. Contacts.Select(contact => contact with { Name = PlainText.Line(contact.Name), Email = PlainText.Line(contact.Email) })];

    public string Footer { get; } = PlainText.Line(Footer);
}

/// <summary>What people said (a comment, a notice, a reason), quoted as they wrote it: its lines, and only its lines.</summary>
internal sealed record MailDetail(string Label, string Text)
{
    public string Label { get; } = PlainText.Line(Label);

    public string Text { get; } = PlainText.Block(Text);

    public IEnumerable<string> Lines => Text.Split('\n');
}

/// <summary>One date that moved for the recipient's system: the milestone, and when it was due and is due now, as people read dates.</summary>
internal sealed record MailMove(string Milestone, string Was, string Now)
{
    public const string Heading = "Dates that moved";

    public string Milestone { get; } = PlainText.Line(Milestone);
}

internal sealed record MailAction(string Label, Uri Url)
{
    public string Label { get; } = PlainText.Line(Label);
}
