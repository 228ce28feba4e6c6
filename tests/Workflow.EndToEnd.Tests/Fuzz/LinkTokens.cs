using System.Buffers.Text;
using Microsoft.Extensions.Options;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Notifications.Links;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Link tokens that must not open anything: changed, cut, expired or signed with another key; and tokens signed with the
/// service's own key over claims it would never sign, which the service must refuse as calmly as any other.
/// </summary>
internal static class LinkTokens
{
    public static IReadOnlyList<(string What, string Value)> All(FuzzTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var host = targets.Host;
        var director = host.Director(FuzzHostFixture.Awaiting).Email;
        var genuine = targets.DecideToken;
        var dot = genuine.IndexOf('.', StringComparison.Ordinal);
        var (payload, signature) = (genuine[..dot], genuine[(dot + 1)..]);
        var otherKey = new LinkSigner(Options.Create(new SignedLinkOptions { SigningKey = Convert.ToBase64String(new byte[32]) }));
        var instance = $"{AppHost.Round}|{FuzzHostFixture.Awaiting}";
        var later = targets.Expiry(TimeSpan.FromDays(7));
        string Signed(string action = "Decide", string? at = null, string? person = null, string version = "1", string? expires = null) =>
            targets.SignedToken(targets.Payload(action, at ?? instance, person ?? director, version, expires ?? later));
        return
        [
            ("signature changed", $"{payload}.{Flip(signature)}"),
            ("payload changed", $"{Flip(payload)}.{signature}"),
            ("signature cut short", genuine[..^5]),
            ("payload only", payload),
            ("payload and a dot", payload + "."),
            ("a dot and the signature", "." + signature),
            ("two dots", $"{payload}..{signature}"),
            ("padded", genuine + "%3D"),
            ("with white space", genuine + "%20"),
            ("expired a month ago", targets.Token(LinkAction.Decide, FuzzHostFixture.Awaiting, director, 1, targets.Now.AddDays(-30))),
            ("another key", otherKey.Sign(new LinkClaims(LinkAction.Decide, AppHost.Id(FuzzHostFixture.Awaiting), director, 1, targets.Now.AddDays(7), "n"))),
            ("2,100 characters", new string('A', 2100) + ".AAAA"),
            ("9,000 characters", new string('A', 9000) + ".AAAA"),
            ("signed: expiry past any date", Signed(expires: "99999999999999")),
            ("signed: expiry before any date", Signed(expires: "-99999999999999")),
            ("signed: action not one there is", Signed(action: "99")),
            ("signed: two actions at once", Signed(action: "Decide, Submit")),
            ("signed: action in lower case", Signed(action: "decide")),
            ("signed: instance with a path", Signed(at: $"{AppHost.Round}|../../{FuzzHostFixture.Awaiting}")),
            ("signed: instance with table key characters", Signed(at: $"{AppHost.Round}|E54#00?10")),
            ("signed: instance with a control character", Signed(at: $"{AppHost.Round}|E54\u000100010")),
            ("signed: round with a slash", Signed(at: $"2019/20|{FuzzHostFixture.Awaiting}")),
            ("signed: round not stored", Signed(at: $"2020-21|{FuzzHostFixture.Awaiting}")),
            ("signed: system not running", Signed(at: $"{AppHost.Round}|E54000099")),
            ("signed: nobody in the directory", Signed(person: "nobody@example.org")),
            ("signed: version past 32 bits", Signed(version: "2147483648")),
            ("signed: version below zero", Signed(version: "-1")),
            ("signed: a notice there never was", Signed(action: "Acknowledge", version: "-2147483648")),
            ("signed: peer feedback with no peer", Signed(action: "PeerFeedback", person: host.Pmo(FuzzHostFixture.Drafting).Email, version: "0")),
            ("signed: eight parts", targets.SignedToken(targets.Payload("Decide", instance, director, "1", later) + "\nextra")),
            ("signed: version 2 of the layout", targets.SignedToken("v2" + targets.Payload("Decide", instance, director, "1", later)[2..])),
            ("signed: not UTF-8", $"{Base64Url.EncodeToString([0xFF, 0xFE, 0x0A])}.{Signature(targets, [0xFF, 0xFE, 0x0A])}"),
        ];
    }

    /// <summary>One character changed, not the last (whose low bits base64url may ignore).</summary>
    private static string Flip(string text) => (text[0] == 'A' ? 'B' : 'A') + text[1..];

    private static string Signature(FuzzTargets targets, byte[] payload) =>
        Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(Convert.FromBase64String(targets.Host.SigningKey), payload));
}
