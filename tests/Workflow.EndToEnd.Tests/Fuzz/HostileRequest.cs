using System.Text;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>How the body is framed on the wire: honestly, or one of the ways a client can get it wrong.</summary>
internal enum Framing
{
    /// <summary>Content-Length is the body's length (and left out when there is no body).</summary>
    Honest,

    /// <summary>
    /// Content-Length says more than is sent, and the client closes its side: the body ends early. The server sees the
    /// client gone and need not answer; it must only not fail, or record anything.
    /// </summary>
    LengthOverstated,

    /// <summary>Content-Length says more than is sent, and the client waits: the server must give up on the body and answer.</summary>
    Stalled,

    /// <summary>Content-Length says less than is sent: the rest reads as a second request.</summary>
    LengthUnderstated,

    /// <summary>Content-Length is not a number.</summary>
    LengthNotANumber,

    /// <summary>Two Content-Length headers that disagree.</summary>
    LengthTwice,

    /// <summary>Chunked, with a chunk size that is not hexadecimal.</summary>
    BrokenChunk,

    /// <summary>Chunked, cut off in the middle of a chunk, and the client closes its side (as for <see cref="LengthOverstated"/>).</summary>
    ChunkCutShort,

    /// <summary>Both chunked and a Content-Length, as a request smuggler sends.</summary>
    ChunkedAndLength,

    /// <summary>Chunked and whole: a body of no stated length, which the server can judge only as it reads.</summary>
    Chunked,
}

/// <summary>
/// One hostile request exactly as it goes on the wire: the method and target as written (nothing is normalised on the
/// way), its headers, body and framing. <see cref="Function"/> is the route it was made for; <see cref="What"/> says how it is hostile.
/// </summary>
internal sealed record HostileRequest(string Function, string What, string Method, string Target)
{
    /// <summary>The <see cref="Kind"/> of the cases written for a route in its fuzzer.</summary>
    public const string OwnCases = "route's own cases";

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    public string? ContentType { get; init; }

    public Framing Framing { get; init; } = Framing.Honest;

    /// <summary>Sends the anti-forgery cookie of a page the fuzzer opened, so a form is refused for what it holds, not for lacking it.</summary>
    public bool WithAntiforgeryCookie { get; init; }

    /// <summary>What sort of case it is, for the run's summary: the route's own, general, a tampered token, a burst, random.</summary>
    public string Kind { get; init; } = OwnCases;

    /// <summary>Must be refused (4xx) even where it only reads: a link token or form token that was tampered with.</summary>
    public bool MustRefuse { get; init; }

    /// <summary>The one status this request must get, where the route has a page of its own for it.</summary>
    public int? Expected { get; init; }

    /// <summary>The client closes its side before the body is all there: no answer is owed.</summary>
    public bool ClientLeaves => Framing is Framing.LengthOverstated or Framing.ChunkCutShort;

    public HostileRequest WithJson(string json) => this with { Body = Encoding.UTF8.GetBytes(json), ContentType = "application/json" };

    public HostileRequest WithText(string text, string? contentType) => this with { Body = Encoding.UTF8.GetBytes(text), ContentType = contentType };

    /// <summary>Method, target and the start of the body, control characters made visible: enough to send it again by hand.</summary>
    public override string ToString()
    {
        var body = Body.Length == 0 ? "" : $" [{Body.Length:N0} bytes{(ContentType is null ? "" : ", " + ContentType)}{(Framing == Framing.Honest ? "" : ", " + Framing)}: {Visible(Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 120))))}]";
        return $"{Function} ({What}): {Visible(Method)} {Visible(Target.Length > 160 ? Target[..160] + "…" : Target)}{body}";
    }

    public static string Visible(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
