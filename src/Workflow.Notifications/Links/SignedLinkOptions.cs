using System.ComponentModel.DataAnnotations;

namespace Workflow.Notifications.Links;

public sealed class SignedLinkOptions
{
    public const string Section = "Links";

    /// <summary>The HMAC-SHA256 key, base64, at least 32 bytes; from configuration, Key Vault in Azure.</summary>
    [Required]
    public string SigningKey { get; set; } = "";

    /// <summary>Where people reach the service, e.g. https://planning.example.org.</summary>
    [Required]
    public string BaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>How long a link in an e-mail works.</summary>
    [Range(1, 90)]
    public int LifetimeDays { get; set; } = 21;
}
