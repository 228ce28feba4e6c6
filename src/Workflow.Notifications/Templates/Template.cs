namespace Workflow.Notifications.Templates;

/// <summary>
/// The wording of one kind of message. <see cref="Intro"/> comes before what people said (the detail, under
/// <see cref="DetailLabel"/>), <see cref="Next"/> after it; <see cref="Action"/> labels the recipient's link, if they have one.
/// </summary>
internal sealed record Template(
    Func<MailFacts, string> Subject,
    Func<MailFacts, string> Heading,
    Func<MailFacts, IEnumerable<string>> Intro,
    Func<MailFacts, string> Action,
    bool ShowDue = true,
    string? DetailLabel = null,
    Func<MailFacts, IEnumerable<string>>? Next = null);
