using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Posts as SendGrid's signed event webhook makes them: events about copies of the service's mail, signed with an ECDSA
/// P-256 key of the test's own, whose public half the service is given.
/// </summary>
internal static class SendGridWebhook
{
    /// <summary>The public half of <paramref name="key"/>, as the setting <c>SendGrid:EventWebhookPublicKey</c> takes it.</summary>
    public static string PublicKey(ECDsa key) => Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

    /// <summary>The timestamp and signature SendGrid sends with <paramref name="body"/> at <paramref name="at"/>: a signature over both.</summary>
    public static (string Timestamp, string Signature) Sign(ECDsa key, byte[] body, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(key);
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = key.SignData(Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return (timestamp, Convert.ToBase64String(signature));
    }

    /// <summary>One event of a post: what became of the copy of <paramref name="command"/> that went to <paramref name="email"/>.</summary>
    public static string Event(string id, string kind, string email, string role, DateTimeOffset at, string instance, string command, string? reason = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["sg_event_id"] = id, ["event"] = kind, ["email"] = email, ["timestamp"] = at.ToUnixTimeSeconds(), ["reason"] = reason,
            ["instance"] = instance, ["command_id"] = command, ["recipient_role"] = role,
        });
}
