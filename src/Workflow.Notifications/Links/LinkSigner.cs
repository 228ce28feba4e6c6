using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Instances;

namespace Workflow.Notifications.Links;

/// <summary>
/// What a link says: one action, for one person, on one instance and plan version (or notice number), until
/// an expiry. The nonce makes each link distinct and is what marks it used.
/// </summary>
public sealed record LinkClaims(LinkAction Action, InstanceId Instance, string Person, int Version, DateTimeOffset Expires, string Nonce);

public enum LinkStatus
{
    Valid,
    Malformed,
    Forged,
    Expired,
}

public sealed record LinkCheck(LinkStatus Status, LinkClaims? Claims);

/// <summary>
/// Signs and checks links with HMAC-SHA256. A token is the claims and their signature, both base64url, so a
/// link carries everything needed to check it and nothing needs storing until it is used.
/// </summary>
public sealed class LinkSigner
{
    private const string Version1 = "v1";
    private readonly byte[] _key;

    public LinkSigner(IOptions<SignedLinkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = ParseKey(options.Value.SigningKey);
    }

    /// <summary>The key as configured, or why it cannot be used.</summary>
    public static byte[] ParseKey(string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException("Links:SigningKey must be base64.", ex);
        }
        return key.Length >= 32 ? key : throw new InvalidOperationException("Links:SigningKey must be at least 32 bytes (44 base64 characters).");
    }

    public string Sign(LinkClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var payload = Encoding.UTF8.GetBytes(string.Join('\n',
            Version1, claims.Action.ToString(), claims.Instance.ToString(), claims.Person, claims.Version.ToString(CultureInfo.InvariantCulture),
            claims.Expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), claims.Nonce));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload))}";
    }

    public LinkCheck Verify(string? token, DateTimeOffset now)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0 || token.Length > 2048)
        {
            return new(LinkStatus.Malformed, null);
        }
        byte[] payload;
        byte[] signature;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return new(LinkStatus.Malformed, null);
        }
        // One link, one spelling: a used link is marked by its token, so padding, white space or spare bits that
        // decode to the same bytes must not make it a new, unused link.
        if (!string.Equals(token, $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(signature)}", StringComparison.Ordinal))
        {
            return new(LinkStatus.Malformed, null);
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
        {
            return new(LinkStatus.Forged, null);
        }
        var claims = Read(Encoding.UTF8.GetString(payload));
        if (claims is null)
        {
            return new(LinkStatus.Malformed, null);
        }
        return claims.Expires <= now ? new(LinkStatus.Expired, claims) : new(LinkStatus.Valid, claims);
    }

    /// <summary>
    /// A nonce that is the same for the same message and person, so a retried send carries the same link
    /// and a mail scanner cannot tell one person's link from another's.
    /// </summary>
    public string NonceFor(string messageId, string person) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"nonce\n{messageId}\n{person}")).AsSpan(0, 18));

    /// <summary>
    /// The claims, or null for a payload the signer never writes. A signature proves who wrote a payload, not that it
    /// holds what <see cref="Sign"/> would: the action must be one by its name (not a number, nor two joined), the
    /// instance is used as a storage key and the expiry as a date, so all are checked as if they came from anyone.
    /// </summary>
    private static LinkClaims? Read(string text)
    {
        var parts = text.Split('\n');
        if (parts.Length != 7 || parts[0] != Version1
            || !Enum.TryParse<LinkAction>(parts[1], out var action) || !Enum.IsDefined(action) || action.ToString() != parts[1]
            || !InstanceId.TryParse(parts[2], out var instance)
            || !RoundId.IsWellFormed(instance.Round.Value) || !SystemCode.IsWellFormed(instance.System.Value)
            || !int.TryParse(parts[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var version)
            || !long.TryParse(parts[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            || expires < DateTimeOffset.MinValue.ToUnixTimeSeconds() || expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }
        return new LinkClaims(action, instance, parts[3], version, DateTimeOffset.FromUnixTimeSeconds(expires), parts[6]);
    }
}
