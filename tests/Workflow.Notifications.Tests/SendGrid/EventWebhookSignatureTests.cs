using System.Security.Cryptography;
using System.Text;
using Workflow.Notifications.SendGrid;

namespace Workflow.Notifications.Tests.SendGrid;

/// <summary>Only SendGrid, holding the webhook's private key, can post events, and only for a few minutes after signing.</summary>
public sealed class EventWebhookSignatureTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2019, 9, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""[{"email":"pmo@example.org","event":"delivered","sg_event_id":"e1","timestamp":1568973600}]""");

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private EventWebhookSignature Verifier => new(Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()));

    private static string Stamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Sign(ECDsa key, string timestamp, byte[] body) =>
        Convert.ToBase64String(key.SignData([.. Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    [Fact]
    public void Check_SignedBySendGridJustNow_Passes()
    {
        var stamp = Stamp(Now.AddSeconds(-30));

        Assert.Null(Verifier.Check(Sign(_key, stamp, Body), stamp, Body, Now));
    }

    [Fact]
    public void Check_SignedByAnotherKey_IsRefused()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var stamp = Stamp(Now);

        Assert.Equal("the signature does not match", Verifier.Check(Sign(forger, stamp, Body), stamp, Body, Now));
    }

    [Fact]
    public void Check_BodyChangedAfterSigning_IsRefused()
    {
        var stamp = Stamp(Now);
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("delivered", "bounce", StringComparison.Ordinal));

        Assert.Equal("the signature does not match", Verifier.Check(Sign(_key, stamp, Body), stamp, changed, Now));
    }

    [Fact]
    public void Check_TimestampChangedAfterSigning_IsRefused()
    {
        var signature = Sign(_key, Stamp(Now), Body);

        Assert.Equal("the signature does not match", Verifier.Check(signature, Stamp(Now.AddSeconds(1)), Body, Now));
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void Check_SignedMoreThanFiveMinutesFromNow_IsRefused(int minutes)
    {
        var stamp = Stamp(Now.AddMinutes(minutes));

        Assert.Equal("the signature's timestamp is too far from now", Verifier.Check(Sign(_key, stamp, Body), stamp, Body, Now));
    }

    [Theory]
    [InlineData(null, "1568973600", "the post is not signed")]
    [InlineData("c2ln", null, "the post is not signed")]
    [InlineData("c2ln", "-1", "the signature's timestamp is not a time")]
    [InlineData("c2ln", "99999999999999999999", "the signature's timestamp is not a time")]
    [InlineData("not base64!", "1568973600", "the signature is not base64")]
    [InlineData("c2ln", "1568973600", "the signature does not match")]
    public void Check_MissingOrMalformedHeaders_AreRefused(string? signature, string? timestamp, string refusal) =>
        Assert.Equal(refusal, Verifier.Check(signature, timestamp, Body, Now));

    [Fact]
    public void New_KeyThatIsNotAPublicKey_Throws() =>
        Assert.ThrowsAny<CryptographicException>(() => new EventWebhookSignature(Convert.ToBase64String(Encoding.UTF8.GetBytes("not a key"))));

    public void Dispose() => _key.Dispose();
}
