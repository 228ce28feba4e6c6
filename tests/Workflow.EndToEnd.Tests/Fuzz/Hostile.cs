using System.Text;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>A body as sent: what it is, its bytes and its content type (null for none).</summary>
internal sealed record HostileBody(string What, byte[] Bytes, string? ContentType)
{
    public static HostileBody Json(string what, string json, string contentType = "application/json") => new(what, Encoding.UTF8.GetBytes(json), contentType);
}

/// <summary>
/// Values no route should take: as they go on the wire (percent-encoded unless the point is that they are not). A value
/// marked with <see cref="Marker"/> must never come back as markup in a page.
/// </summary>
internal static class Hostile
{
    /// <summary>Markup that would run or show if a page echoed it unencoded.</summary>
    public const string Marker = "<x-fuzz>";

    public const string EncodedMarker = "%3Cx-fuzz%3E";

    /// <summary>The header a line break in a value tries to add to the answer.</summary>
    public const string InjectedHeader = "X-Injected";

    /// <summary>A line break and a header after it, for any text field: it must stay text (or be refused), never a header.</summary>
    public const string CrLf = "x\r\nX-Injected: 1";

    public const string EncodedCrLf = "x%0d%0aX-Injected:%201";

    /// <summary>For any route value: path tricks, control characters, unicode, overlong, markup, injection.</summary>
    public static IReadOnlyList<(string What, string Value)> RouteValues { get; } =
    [
        ("dot-dot slash", "..%2f..%2fapi%2fhealth"),
        ("dot-dot encoded", "%2e%2e%2f%2e%2e%2f"),
        ("dot-dot backslash", "..%5c..%5cWorkflow.Functions.dll"),
        ("double-encoded dot-dot", "%252e%252e%252f"),
        ("encoded slash", "a%2fb"),
        ("NUL", "%00"),
        ("NUL inside", "x%00y"),
        ("CR LF", "x%0d%0aSet-Cookie:%20a=b"),
        ("CR LF and a header", EncodedCrLf),
        ("bare LF", "x%0aX-Injected:%201"),
        ("tab", "%09"),
        ("DEL", "%7f"),
        ("umlauts", "%C3%BC%C3%B6"),
        ("emoji", "%F0%9F%92%A9"),
        ("right-to-left override", "x%E2%80%AEy"),
        ("byte order mark", "%EF%BB%BF"),
        ("overlong UTF-8", "%C0%AE%C0%AE"),
        ("invalid UTF-8", "%FF%FE"),
        ("lone surrogate", "%ED%A0%80"),
        ("300 characters", new string('A', 300)),
        ("4,000 characters", new string('9', 4000)),
        ("quote injection", "%27%20or%20%271%27%3D%271"),
        ("table key characters", "a%23b%3Fc%5Cd"),
        ("markup", EncodedMarker),
        ("fragment", "%23x"),
        ("query", "%3Fa=b"),
        ("semicolon", "x;y=z"),
        ("percent", "%25"),
        ("device name", "NUL"),
        ("asterisk", "*"),
        ("pipe", "a%7Cb"),
    ];

    /// <summary>Targets the server must refuse to parse at all: raw bytes a client may not send in a request line.</summary>
    public static IReadOnlyList<(string What, string Value)> RawRouteValues { get; } =
    [
        ("raw space", "a b"),
        ("raw unicode", "ü"),
        ("raw tab", "a\tb"),
        ("raw DEL", "a\u007fb"),
    ];

    /// <summary>Methods no route has, and methods a route has spelled oddly.</summary>
    public static IReadOnlyList<string> OtherMethods { get; } = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FUZZ"];

    public static IEnumerable<string> OddCasings(string method) =>
        [method.ToLowerInvariant(), char.ToUpperInvariant(method[0]) + method[1..].ToLowerInvariant(), string.Concat(method.Select((c, i) => i % 2 == 0 ? char.ToLowerInvariant(c) : c))];

    /// <summary>Bodies that are not a JSON object the API reads, whatever route they are sent to.</summary>
    public static IReadOnlyList<HostileBody> JsonBodies { get; } =
    [
        new("empty", [], null),
        HostileBody.Json("white space", " \r\n\t "),
        HostileBody.Json("form instead of JSON", "milestone=draft&by=pmo", "application/x-www-form-urlencoded"),
        HostileBody.Json("XML", "<request><by>x</by></request>", "application/xml"),
        HostileBody.Json("null", "null"),
        HostileBody.Json("array", "[{\"by\": \"x\"}]"),
        HostileBody.Json("number", "42"),
        HostileBody.Json("string", "\"{}\""),
        HostileBody.Json("cut short", "{\"by\": \"x\", "),
        HostileBody.Json("comment", "{/* by */}"),
        HostileBody.Json("trailing comma", "{\"reason\": \"r\", \"by\": \"x\",}"),
        HostileBody.Json("single quotes", "{'reason': 'r', 'by': 'x'}"),
        HostileBody.Json("NaN", "{\"by\": NaN}"),
        HostileBody.Json("raw control character in a string", "{\"by\": \"x\u0001y\"}"),
        HostileBody.Json("lone surrogate escaped", "{\"by\": \"\\ud800\", \"reason\": \"\\udfff\"}"),
        new("invalid UTF-8", [(byte)'{', 0xFF, 0xFE, (byte)'}'], "application/json"),
        new("byte order mark then null", [0xEF, 0xBB, 0xBF, .. "null"u8], "application/json"),
        HostileBody.Json("number past any type", "{\"by\": 1e999999, \"advanceTo\": 1e999999}"),
        HostileBody.Json("unknown property only", "{\"__proto__\": {\"admin\": true}}"),
        HostileBody.Json("nested 100,000 deep", new string('[', 100_000)),
        HostileBody.Json("objects nested 5,000 deep", string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000)),
        HostileBody.Json("over 256 KiB", "{\"by\": \"" + new string('x', 300 * 1024) + "\"}"),
        new("UTF-16 with its charset", Encoding.Unicode.GetBytes("{\"by\": \"x\"}"), "application/json; charset=utf-16"),
        HostileBody.Json("Latin-1 charset", "{\"by\": \"caf\u00e9\"}", "application/json; charset=iso-8859-1"),
        HostileBody.Json("made-up charset", "{}", "application/json; charset=klingon"),
        HostileBody.Json("unparseable content type", "{}", "application/json; ;;; charset=\""),
        HostileBody.Json("markup", "{\"by\": \"" + Marker + "\", \"" + Marker + "\": 1}"),
    ];

    /// <summary>Every way of framing a body wrongly; each is tried on every route that reads a body.</summary>
    public static IReadOnlyList<Framing> BrokenFramings { get; } =
        [Framing.LengthOverstated, Framing.LengthUnderstated, Framing.LengthNotANumber, Framing.LengthTwice, Framing.BrokenChunk, Framing.ChunkCutShort, Framing.ChunkedAndLength];

    /// <summary>Text for a form field or a JSON string: each must be refused where the field has rules, or kept as text.</summary>
    public static string Overlong(int length) => new('x', length);
}
