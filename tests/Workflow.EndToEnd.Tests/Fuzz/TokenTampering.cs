using System.Buffers.Text;
using System.Text;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Tokens changed at their bytes, not their characters: each base64url part decoded, a byte changed, encoded again, so
/// the change is always real (a character's spare low bits, which a decoder may ignore, are never all that changes). A
/// link token at every byte, on every link route; a subscription address's token at every byte; the form token at
/// every byte; and the anti-forgery pair mismatched.
/// Each is sent with a form that would be recorded were the token taken.
/// </summary>
internal static class TokenTampering
{
    /// <summary>Positions tried on the routes where every byte is not: a sample, from the seed.</summary>
    private const int SampledBytes = 16;

    /// <summary><paramref name="token"/> with <paramref name="count"/> of its bytes (across its dot-separated parts) changed at random.</summary>
    public static string Tampered(Random random, string token, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        var parts = Decode(token);
        var total = parts.Sum(p => p.Length);
        for (var i = 0; i < count && total > 0; i++)
        {
            Flip(parts, random.Next(total), (byte)random.Next(1, 256));
        }
        return Encode(parts);
    }

    /// <summary><paramref name="token"/> with one byte changed, for every byte it has (each by a mask from the seed).</summary>
    public static IEnumerable<(int At, string Token)> AtEveryByte(Random random, string token)
    {
        var total = Decode(token).Sum(p => p.Length);
        for (var at = 0; at < total; at++)
        {
            var parts = Decode(token);
            Flip(parts, at, (byte)random.Next(1, 256));
            yield return (at, Encode(parts));
        }
    }

    public static IEnumerable<HostileRequest> All(FuzzTargets targets) => Cases(targets).Select(r => r with { Kind = "tampered and mismatched tokens" });

    private static IEnumerable<HostileRequest> Cases(FuzzTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var random = targets.Random;
        var deputy = targets.Host.Deputy(FuzzHostFixture.Awaiting).Email;
        var agreed = Encoding.UTF8.GetBytes(targets.Form(true, ("outcome", "agreed")));
        var delegation = Encoding.UTF8.GetBytes(targets.Form(true, ("deputy", deputy), ("until", "2019-12-20")));
        HostileRequest Decide(string what, string link, byte[] body) =>
            new("ActOnLink", what, "POST", link) { Body = body, ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = true, MustRefuse = true };
        HostileRequest Delegate(string what, string token, byte[] body) =>
            new("DelegateFromLink", what, "POST", $"/links/{token}/delegate") { Body = body, ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = true, MustRefuse = true };

        var link = AtEveryByte(random, targets.DecideToken).ToList();
        foreach (var (at, token) in link)
        {
            yield return new HostileRequest("ShowLink", $"link token, byte {at} changed", "GET", "/links/" + token) { MustRefuse = true };
            yield return Decide($"link token, byte {at} changed, a decision it would record", "/links/" + token, agreed);
        }
        foreach (var (at, token) in CaseKit.Sample(random, link, SampledBytes))
        {
            yield return Delegate($"link token, byte {at} changed, a delegation it would record", token, delegation);
        }
        foreach (var (at, token) in CaseKit.Sample(random, link, SampledBytes))
        {
            yield return new HostileRequest("LinkDocument", $"link token, byte {at} changed", "GET", $"/links/{token}/document/1") { MustRefuse = true };
        }

        // A subscription address serves a calendar without sign-in: changed anywhere, it must be as if there were none.
        foreach (var (at, token) in AtEveryByte(random, targets.FeedToken))
        {
            yield return new HostileRequest("SubscribedCalendar", $"subscription token, byte {at} changed", "GET", $"/feeds/{token}.ics") { MustRefuse = true, Expected = 404 };
        }

        var (field, formToken) = (targets.AntiforgeryField.Key, targets.AntiforgeryField.Value);
        foreach (var (at, token) in AtEveryByte(random, formToken))
        {
            yield return Decide($"form token, byte {at} changed, a decision it would record", "/links/" + targets.DecideToken,
                Encoding.UTF8.GetBytes(targets.Form(false, (field, token), ("outcome", "agreed"))));
        }
        var equals = targets.AntiforgeryCookie.IndexOf('=', StringComparison.Ordinal);
        var (cookieName, cookieToken) = (targets.AntiforgeryCookie[..equals], targets.AntiforgeryCookie[(equals + 1)..]);
        foreach (var (at, token) in CaseKit.Sample(random, AtEveryByte(random, cookieToken).ToList(), SampledBytes))
        {
            yield return Decide($"anti-forgery cookie, byte {at} changed, a decision it would record", "/links/" + targets.DecideToken, agreed) with
            {
                WithAntiforgeryCookie = false,
                Headers = [("Cookie", $"{cookieName}={token}")],
            };
        }

        // Both halves genuine, from two visits: neither vouches for the other.
        var other = Encoding.UTF8.GetBytes(targets.Form(false, (field, targets.OtherAntiforgeryField.Value), ("outcome", "agreed")));
        yield return Decide("another visit's form token, this visit's cookie, a decision it would record", "/links/" + targets.DecideToken, other);
        yield return Decide("this visit's form token, another visit's cookie, a decision it would record", "/links/" + targets.DecideToken, agreed) with
        {
            WithAntiforgeryCookie = false,
            Headers = [("Cookie", targets.OtherAntiforgeryCookie)],
        };
        yield return Delegate("another visit's form token, this visit's cookie, a delegation it would record", targets.DecideToken,
            Encoding.UTF8.GetBytes(targets.Form(false, (field, targets.OtherAntiforgeryField.Value), ("deputy", deputy), ("until", "2019-12-20"))));
    }

    private static byte[][] Decode(string token) =>
        [.. token.Split('.').Select(part => Base64Url.DecodeFromChars(part))];

    private static string Encode(byte[][] parts) => string.Join('.', parts.Select(p => Base64Url.EncodeToString(p)));

    private static void Flip(byte[][] parts, int at, byte mask)
    {
        foreach (var part in parts)
        {
            if (at < part.Length)
            {
                part[at] ^= mask;
                return;
            }
            at -= part.Length;
        }
    }
}
