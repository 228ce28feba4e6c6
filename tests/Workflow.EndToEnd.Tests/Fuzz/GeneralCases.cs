using System.Text;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// What every route gets on top of its own cases: queries and headers past the server's limits or odd in their bytes,
/// on a target the route's function would otherwise take. A write carries a body it refuses (and a start, a round that
/// is not stored), so that what passes the server's limits is still refused for what it holds.
/// </summary>
internal static class GeneralCases
{
    public static IEnumerable<HostileRequest> For(FuzzTargets targets, HttpRoute route)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(route);
        var values = new Dictionary<string, string>(targets.GoodRouteValues);
        if (route.Function == "StartRound")
        {
            values["round"] = "2019-21";
        }
        var path = route.Path(values);
        var method = route.Methods[0];
        var refused = Refused(targets, route);
        HostileRequest Case(string what, string target, params (string, string)[] headers) =>
            (refused ?? new HostileRequest(route.Function, "", method, target)) with { What = what, Target = target, Headers = headers, Kind = "oversized and odd queries and headers" };
        var crowd = Enumerable.Range(0, 150).Select(i => ($"X-Fuzz-{i}", "x")).ToArray();
        return
        [
            Case("query of 9 KB, past the request line's limit", $"{path}?q={Hostile.Overlong(9000)}"),
            Case("query of 1,000 parameters", $"{path}?{string.Join('&', Enumerable.Range(0, 1000).Select(i => $"p{i}=x"))}"),
            Case("query with a line break and a header", $"{path}?q={Hostile.EncodedCrLf}&{Hostile.EncodedCrLf}=1"),
            Case("query with bytes that are not UTF-8", $"{path}?q=%FF%C0%AE%ED%A0%80&%00=%00"),
            Case("a header of 40 KiB, past the headers' limit", path, ("X-Fuzz-Long", Hostile.Overlong(40 * 1024))),
            Case("150 headers, past the count allowed", path, crowd),
            Case("cookies of 30 KiB", path, ("Cookie", string.Join("; ", Enumerable.Range(0, 1000).Select(i => $"c{i}={Hostile.Overlong(24)}")))),
            Case("a header with a bare CR", path, ("X-Fuzz", "a\rb")),
            Case("a header folded onto a second line", path, ("X-Fuzz", "a\r\n b")),
            Case("a header with NUL", path, ("X-Fuzz", "a\0b")),
            Case("a header in raw UTF-8", path, ("X-Fuzz", "\u00fc\U0001F4A9\u202e")),
            Case("a second Host", path, ("Host", "evil.example")),
            Case("a body said to be gzip that is not", path, ("Content-Encoding", "gzip")),
        ];
    }

    /// <summary>The route's own method with a body it refuses, or null for a read.</summary>
    private static HostileRequest? Refused(FuzzTargets targets, HttpRoute route) => route.Function switch
    {
        "ActOnLink" => new HostileRequest(route.Function, "", "POST", "")
        {
            Body = Encoding.UTF8.GetBytes(targets.Form(true, ("outcome", "maybe"))),
            ContentType = FormBodies.UrlEncoded,
            WithAntiforgeryCookie = true,
        },
        "DelegateFromLink" => new HostileRequest(route.Function, "", "POST", "")
        {
            Body = Encoding.UTF8.GetBytes(targets.Form(true, ("deputy", "nobody@example.org"), ("until", "2019-12-20"))),
            ContentType = FormBodies.UrlEncoded,
            WithAntiforgeryCookie = true,
        },
        _ when route.Methods[0] is "GET" => null,
        _ => new HostileRequest(route.Function, "", route.Methods[0], "").WithJson("{}"),
    };
}
