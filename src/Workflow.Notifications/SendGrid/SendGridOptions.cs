namespace Workflow.Notifications.SendGrid;

/// <summary>Sending through SendGrid. With no <see cref="ApiKey"/>, mail goes to the local mail drop instead.</summary>
public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    /// <summary>From configuration or Key Vault (<c>SendGrid--ApiKey</c>); never from a file in the repository.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A sender address verified in SendGrid.</summary>
    public string FromEmail { get; set; } = "";

    public string FromName { get; set; } = "NHS England planning round";

    /// <summary>SendGrid checks and accepts each message but delivers nothing: for trying a deployment.</summary>
    public bool SandboxMode { get; set; }

    /// <summary>
    /// The signed event webhook's verification key, base64 SubjectPublicKeyInfo as SendGrid shows it. Without it the
    /// event webhook refuses every post, since nothing could prove one came from SendGrid.
    /// </summary>
    public string? EventWebhookPublicKey { get; set; }
}
