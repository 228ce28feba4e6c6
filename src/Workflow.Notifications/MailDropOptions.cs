namespace Workflow.Notifications;

public sealed class MailDropOptions
{
    public const string Section = "MailDrop";

    /// <summary>Where sent mail is saved when no SendGrid key is set.</summary>
    public string Folder { get; set; } = ".local/mail";
}
