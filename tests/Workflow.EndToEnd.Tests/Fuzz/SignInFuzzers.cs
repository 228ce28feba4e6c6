using System.Net;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// The local sign-in page, its form and signing out: where a person is sent back to must stay on this site, and a form
/// without its token, or for someone the directory does not list, signs nobody in.
/// </summary>
internal static class SignInFuzzers
{
    public static IReadOnlyDictionary<string, RouteFuzzer> All { get; } = new Dictionary<string, RouteFuzzer>(StringComparer.Ordinal)
    {
        ["SignInPage"] = new("signin", ["GET"], Page),
        ["SignIn"] = new("signin", ["POST"], SignIn),
        ["SignOut"] = new("signout", ["GET"], SignOut),
    };

    private static readonly string[] ReturnUrls =
    [
        "returnUrl=%2F%2Fevil.example",
        "returnUrl=https%3A%2F%2Fevil.example%2F",
        "returnUrl=%2F%5Cevil.example",
        "returnUrl=javascript%3Aalert(1)",
        $"returnUrl={Hostile.EncodedMarker}",
        "returnUrl=%2F%0D%0ASet-Cookie%3A%20a%3Db",
        $"returnUrl=%2F{Hostile.Overlong(4000)}",
        "returnUrl=a&returnUrl=b",
    ];

    private static IEnumerable<HostileRequest> Page(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, "/signin", r => r),
        .. CaseKit.Queries(route, "/signin", ReturnUrls),
    ];

    private static IEnumerable<HostileRequest> SignIn(FuzzTargets targets, HttpRoute route)
    {
        var token = $"{WebUtility.UrlEncode(targets.AntiforgeryField.Key)}={WebUtility.UrlEncode(targets.AntiforgeryField.Value)}";
        var person = "email=" + WebUtility.UrlEncode(targets.Host.Director(FuzzHostFixture.Awaiting).Email);
        HostileRequest Form(string what, string body, bool cookie = true) =>
            new(route.Function, what, "POST", "/signin") { Body = System.Text.Encoding.UTF8.GetBytes(body), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = cookie, MustRefuse = true };
        return
        [
            .. CaseKit.Methods(targets, route, "/signin", r => r),
            Form("a person without the form token", person),
            Form("a person with the token but not its cookie", $"{token}&{person}", cookie: false),
            Form("a person with another visit's token", $"{WebUtility.UrlEncode(targets.OtherAntiforgeryField.Key)}={WebUtility.UrlEncode(targets.OtherAntiforgeryField.Value)}&{person}"),
            Form("nobody the directory lists", $"{token}&email=someone%40evil.example"),
            Form("nobody at all", $"{token}&email="),
            Form("a hostile address", $"{token}&email={Hostile.EncodedMarker}"),
            Form("nobody, sent off-site after", $"{token}&email=someone%40evil.example&returnUrl=%2F%2Fevil.example"),
            new HostileRequest(route.Function, "a person as JSON", "POST", "/signin") { MustRefuse = true }.WithJson($$"""{"email":"{{targets.Host.Director(FuzzHostFixture.Awaiting).Email}}"}"""),
            .. CaseKit.Framings(route, "/signin", FormBodies.Form("a person", person), r => r with { WithAntiforgeryCookie = true }),
        ];
    }

    private static IEnumerable<HostileRequest> SignOut(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, "/signout", r => r),
        .. CaseKit.Queries(route, "/signout", ReturnUrls),
        new HostileRequest(route.Function, "a forged sign-in cookie", "GET", "/signout") { Headers = [("Cookie", "planning-signin=" + Hostile.Marker)] },
    ];
}
