using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Core;
using Workflow.Core.Calendar;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Functions.Exports;
using Workflow.Notifications.Links;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// What the generators aim at: genuine links to start from, a form token with its cookie (so a form is refused for
/// what it holds, not only for lacking one), a saved mail's file name, and the signing key, for links that pass the
/// signature and must fail everything after it.
/// </summary>
internal sealed class FuzzTargets
{
    private FuzzTargets(AppHost host, int seed)
    {
        Host = host;
        Seed = seed;
        Random = new Random(seed);
    }

    public AppHost Host { get; }

    /// <summary>The run's seed (<see cref="FuzzSettings"/>): the same cases for the same seed, so a failure can be run again as it was.</summary>
    public int Seed { get; }

    /// <summary>For the fixed cases; the random variants draw from a generator of their own, so these stay the same whatever the run's size.</summary>
    public Random Random { get; }

    /// <summary>The director's genuine link to decide on plan version 1 of <see cref="FuzzHostFixture.Awaiting"/>.</summary>
    public string DecideToken { get; private set; } = "";

    /// <summary>The PMO's genuine link to submit what is due from <see cref="FuzzHostFixture.Drafting"/>.</summary>
    public string SubmitToken { get; private set; } = "";

    /// <summary>The PMO's genuine subscription address token for <see cref="FuzzHostFixture.Awaiting"/>'s deadline feed.</summary>
    public string FeedToken { get; private set; } = "";

    /// <summary>The milestone the PMO's page asks for, as its form names it.</summary>
    public string SubmitMilestone { get; private set; } = "";

    /// <summary>The anti-forgery cookie ("name=value") the decision page set, and its form field.</summary>
    public string AntiforgeryCookie { get; private set; } = "";

    public KeyValuePair<string, string> AntiforgeryField { get; private set; }

    /// <summary>A second anti-forgery pair, from another visit: its form token does not match <see cref="AntiforgeryCookie"/>.</summary>
    public string OtherAntiforgeryCookie { get; private set; } = "";

    public KeyValuePair<string, string> OtherAntiforgeryField { get; private set; }

    /// <summary>The file name of a mail the service saved.</summary>
    public string MailFile { get; private set; } = "";

    public DateTimeOffset Now => Host.Clock.GetUtcNow();

    public static async Task<FuzzTargets> PrepareAsync(FuzzHostFixture fixture, int seed)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        await fixture.AwaitingAgreementOnceAsync(FuzzHostFixture.Awaiting);
        var targets = new FuzzTargets(fixture.Host, seed);
        targets.DecideToken = targets.Token(LinkAction.Decide, FuzzHostFixture.Awaiting, fixture.Host.Director(FuzzHostFixture.Awaiting).Email, 1);
        targets.SubmitToken = targets.Token(LinkAction.Submit, FuzzHostFixture.Drafting, fixture.Host.Pmo(FuzzHostFixture.Drafting).Email, 0);
        targets.FeedToken = targets.Feed(fixture.Host.Pmo(FuzzHostFixture.Awaiting).Email, CalendarFeed.Of(new RoundId(AppHost.Round), new SystemCode(FuzzHostFixture.Awaiting)));
        using var client = new LinkClient(fixture.Host.BaseAddress);
        var (_, field) = await client.OpenFormAsync("/links/" + targets.DecideToken);
        targets.AntiforgeryField = field;
        targets.AntiforgeryCookie = client.Cookies.GetCookieHeader(fixture.Host.BaseAddress);
        Assert.False(string.IsNullOrEmpty(targets.AntiforgeryCookie), "The decision page set no anti-forgery cookie.");
        var (submitPage, _) = await client.OpenFormAsync("/links/" + targets.SubmitToken);
        var milestone = System.Text.RegularExpressions.Regex.Match(submitPage.Html, "name=\"milestone\" value=\"([a-z-]+)\"");
        Assert.True(milestone.Success, $"The PMO's page asks for nothing: {submitPage}");
        targets.SubmitMilestone = milestone.Groups[1].Value;
        targets.MailFile = (await fixture.Host.MailAsync())[0].File;
        using var other = new LinkClient(fixture.Host.BaseAddress);
        (_, field) = await other.OpenFormAsync("/links/" + targets.DecideToken);
        targets.OtherAntiforgeryField = field;
        targets.OtherAntiforgeryCookie = other.Cookies.GetCookieHeader(fixture.Host.BaseAddress);
        Assert.NotEqual(targets.AntiforgeryField.Value, targets.OtherAntiforgeryField.Value);
        return targets;
    }

    /// <summary>A genuine token, as the service would sign it, with a nonce from the seed.</summary>
    public string Token(LinkAction action, string system, string person, int version, DateTimeOffset? expires = null) =>
        Host.Signer.Sign(new LinkClaims(action, AppHost.Id(system), person, version, expires ?? Now.AddDays(21), Nonce()));

    /// <summary>A subscription token as the calendars page makes it, with the service's own data protection.</summary>
    public string Feed(string person, CalendarFeed feed) => new FeedSubscription(person, feed, Now).Protect(Protection);

    /// <summary>Any text protected as a subscription token is: only the key could make it, and the service must still not trip on it.</summary>
    public string ProtectedFeed(string plain) => Protection.CreateProtector(FeedSubscription.Purpose).Protect(plain);

    private IDataProtectionProvider Protection => Host.Services.GetRequiredService<IDataProtectionProvider>();

    /// <summary>Any payload with the service's own signature: only the key could make it, and the service must still not trip on it.</summary>
    public string SignedToken(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return $"{Base64Url.EncodeToString(bytes)}.{Base64Url.EncodeToString(HMACSHA256.HashData(Convert.FromBase64String(Host.SigningKey), bytes))}";
    }

    /// <summary>A payload in the signer's layout, line by line, for <see cref="SignedToken"/>.</summary>
    public string Payload(string action, string instance, string person, string version, string expires, string? nonce = null) =>
        string.Join('\n', "v1", action, instance, person, version, expires, nonce ?? Nonce());

    public string Expiry(TimeSpan fromNow) => (Now + fromNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A route value that reaches the function for each parameter of the service's routes, as it goes on the wire.</summary>
    public IReadOnlyDictionary<string, string> GoodRouteValues => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["round"] = AppHost.Round,
        ["system"] = FuzzHostFixture.Awaiting,
        ["eventName"] = "submission",
        ["operation"] = "suspend",
        ["action"] = "withdraw",
        ["scope"] = FuzzHostFixture.Awaiting,
        ["region"] = "E40000003",
        ["token"] = DecideToken,
        ["subscription"] = FeedToken,
        ["version"] = "1",
        ["file"] = MailFile,
        ["path"] = "nhsuk-frontend.min.css",
    };

    /// <summary>A form body, url-encoded, with the form token first unless told otherwise.</summary>
    public string Form(bool withToken, params (string Name, string Value)[] fields) =>
        string.Join('&', (withToken ? [(AntiforgeryField.Key, AntiforgeryField.Value), .. fields] : fields)
            .Select(f => $"{WebUtility.UrlEncode(f.Item1)}={WebUtility.UrlEncode(f.Item2)}"));

    private string Nonce() => Convert.ToHexString(BitConverter.GetBytes(Random.NextInt64())).ToLowerInvariant();
}
