using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Notifications.Links;

namespace Workflow.Notifications.Tests.Links;

public sealed class LinkSignerTests
{
    private static readonly DateTimeOffset Now = new(2019, 11, 14, 10, 0, 0, TimeSpan.Zero);

    private static readonly LinkClaims Claims = new(
        LinkAction.Decide, new InstanceId(new RoundId("2019-20"), new SystemCode("E54000005")), "director.north-east-and-yorkshire@example.org", 2, Now.AddDays(21), "nonce-1");

    private static LinkSigner Signer(byte fill = 7) =>
        new(Options.Create(new SignedLinkOptions { SigningKey = Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()) }));

    [Fact]
    public void Verify_WhatWasSigned_ValidWithTheSameClaims()
    {
        var check = Signer().Verify(Signer().Sign(Claims), Now);

        Assert.Equal(LinkStatus.Valid, check.Status);
        Assert.Equal(Claims, check.Claims);
    }

    [Fact]
    public void Verify_AtItsExpiry_Expired()
    {
        var token = Signer().Sign(Claims);

        Assert.Equal(LinkStatus.Valid, Signer().Verify(token, Claims.Expires.AddSeconds(-1)).Status);
        Assert.Equal(LinkStatus.Expired, Signer().Verify(token, Claims.Expires).Status);
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_Forged() =>
        Assert.Equal(LinkStatus.Forged, Signer().Verify(Signer(fill: 8).Sign(Claims), Now).Status);

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>Tokens that decode to the same payload and signature bytes as <paramref name="token"/>.</summary>
    private static IEnumerable<string> OtherSpellings(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var (payload, signature) = (token[..dot], token[(dot + 1)..]);
        // The last of 43 characters for 32 bytes carries two spare bits: flipping one leaves the bytes as they were.
        var spare = signature[..^1] + Alphabet[Alphabet.IndexOf(signature[^1], StringComparison.Ordinal) ^ 1];
        return
        [
            $"{payload}.{signature}=",
            $"{payload}=.{signature}",
            $"{payload}.{signature} ",
            $"{payload}.{signature[..10]} {signature[10..]}",
            $"{payload}.{spare}",
        ];
    }

    [Fact]
    public void Verify_TheSameBytesSpelledAnotherWay_MalformedSoAUsedLinkCannotPassAsNew()
    {
        var token = Signer().Sign(Claims);

        foreach (var spelling in OtherSpellings(token))
        {
            Assert.NotEqual(token, spelling);
            Assert.Equal(LinkStatus.Malformed, Signer().Verify(spelling, Now).Status);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".signature-only")]
    [InlineData("payload.!!!")]
    public void Verify_NotAToken_Malformed(string? token) =>
        Assert.Equal(LinkStatus.Malformed, Signer().Verify(token, Now).Status);

    [Fact]
    public void Verify_LongerThanAnyLink_MalformedWithoutDecoding() =>
        Assert.Equal(LinkStatus.Malformed, Signer().Verify(new string('A', 2049) + ".A", Now).Status);

    /// <summary>Only the key could sign these; the claims must still be ones the signer writes before anything uses them.</summary>
    [Theory]
    [InlineData("v1\nDecide\n2019-20|E54000005\nrd@example.org\n2\n99999999999999\nn")]
    [InlineData("v1\nDecide\n2019-20|E54000005\nrd@example.org\n2\n-99999999999999\nn")]
    [InlineData("v1\nDecide\n2019-20|../../E54000005\nrd@example.org\n2\n1574330404\nn")]
    [InlineData("v1\nDecide\n2019/20|E54000005\nrd@example.org\n2\n1574330404\nn")]
    [InlineData("v1\nDecide\n2019-20|E54#00?05\nrd@example.org\n2\n1574330404\nn")]
    [InlineData("v1\n99\n2019-20|E54000005\nrd@example.org\n2\n1574330404\nn")]
    [InlineData("v1\n1\n2019-20|E54000005\nrd@example.org\n2\n1574330404\nn")]
    [InlineData("v1\nDecide, Submit\n2019-20|E54000005\nrd@example.org\n2\n1574330404\nn")]
    public void Verify_SignedClaimsTheSignerNeverWrites_Malformed(string payload)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(payload);
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Enumerable.Repeat((byte)7, 32).ToArray(), bytes);
        var token = $"{System.Buffers.Text.Base64Url.EncodeToString(bytes)}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}";

        Assert.Equal(LinkStatus.Malformed, Signer().Verify(token, Now).Status);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQta2V5")]
    public void Constructor_KeyThatCannotSign_SaysWhatIsWrong(string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new LinkSigner(Options.Create(new SignedLinkOptions { SigningKey = key })));

        Assert.StartsWith("Links:SigningKey must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonceFor_SameMessageAndPerson_SameNonce_OtherPerson_Another()
    {
        var signer = Signer();

        Assert.Equal(signer.NonceFor("2019-20|E54000005/timetable", "a@example.org"), signer.NonceFor("2019-20|E54000005/timetable", "a@example.org"));
        Assert.NotEqual(signer.NonceFor("2019-20|E54000005/timetable", "a@example.org"), signer.NonceFor("2019-20|E54000005/timetable", "b@example.org"));
    }
}
