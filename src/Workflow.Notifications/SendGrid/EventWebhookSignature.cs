using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Workflow.Notifications.SendGrid;

/// <summary>
/// Checks that a post to the event webhook came from SendGrid: its signed event webhook signs the timestamp header
/// followed by the raw body with ECDSA P-256 and SHA-256, and sends the signature as base64 DER. A timestamp far from
/// now is refused too, so a captured post cannot be replayed later.
/// </summary>
public sealed class EventWebhookSignature
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _publicKey;

    /// <param name="publicKey">The webhook's verification key as SendGrid shows it: base64 SubjectPublicKeyInfo.</param>
    public EventWebhookSignature(string publicKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKey);
        _publicKey = Convert.FromBase64String(publicKey.Trim());
        // Imported once here only so that a wrong key stops the host at start-up rather than refusing every post.
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_publicKey, out _);
    }

    /// <summary>Why the post is not SendGrid's, or null when it is.</summary>
    public string? Check(string? signature, string? timestamp, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp))
        {
            return "the post is not signed";
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return "the signature's timestamp is not a time";
        }
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > MaxSkew)
        {
            return "the signature's timestamp is too far from now";
        }
        var der = new byte[signature.Length];
        if (!Convert.TryFromBase64String(signature.Trim(), der, out var length))
        {
            return "the signature is not base64";
        }
        var stamp = Encoding.UTF8.GetBytes(timestamp);
        var signed = new byte[stamp.Length + body.Length];
        stamp.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(stamp.Length));
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_publicKey, out _);
        return key.VerifyData(signed, der.AsSpan(0, length), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            ? null
            : "the signature does not match";
    }
}
