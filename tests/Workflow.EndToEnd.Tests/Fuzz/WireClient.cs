using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Workflow.Functions.SignIn;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>What came back for one request: its status, headers and body; status 0 when no answer came at all.</summary>
internal sealed record WireResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? Failure = null)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    public string Text => Encoding.UTF8.GetString(Body);

    public string Excerpt => HostileRequest.Visible(Text.Length > 200 ? Text[..200] + "…" : Text);
}

/// <summary>
/// HTTP/1.1 over a socket of its own for each request, so that odd methods, raw targets and broken framing reach the
/// server as written; an HTTP client would correct or refuse them. Every request asks for the connection to be closed.
/// </summary>
internal sealed class WireClient(Uri baseAddress, string? antiforgeryCookie)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>What <see cref="WireResponse.Failure"/> says when the server did not answer in time.</summary>
    public static string NoAnswerInTime => $"no answer within {Patience.TotalSeconds} s";

    public async Task<WireResponse> SendAsync(HostileRequest request, int caseNumber)
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, timeout.Token);
            try
            {
                await socket.SendAsync(Frame(request, caseNumber), SocketFlags.None, timeout.Token);
            }
            catch (SocketException)
            {
                // The server may answer and close before a large body is all sent; its answer is still there to read.
            }
            if (request.ClientLeaves)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
            return Parse(await ReadToEndAsync(socket, timeout.Token));
        }
        catch (OperationCanceledException)
        {
            return new WireResponse(0, new Dictionary<string, string>(), [], NoAnswerInTime);
        }
        catch (SocketException ex)
        {
            return new WireResponse(0, new Dictionary<string, string>(), [], ex.Message);
        }
    }

    /// <summary>The request's bytes exactly as they go on the wire.</summary>
    public byte[] Frame(HostileRequest request, int caseNumber)
    {
        ArgumentNullException.ThrowIfNull(request);
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.Target} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n");
        head.Append(CultureInfo.InvariantCulture, $"{EndpointLog.CaseHeader}: {caseNumber}\r\n");
        if (request.WithAntiforgeryCookie && antiforgeryCookie is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Cookie: {antiforgeryCookie}\r\n");
        }
        // Signed in as the national team, as the API's callers are, so a hostile request meets the routes behind sign-in.
        if (!request.Headers.Any(h => string.Equals(h.Name, ClientPrincipal.Header, StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(CultureInfo.InvariantCulture, $"{ClientPrincipal.Header}: {TestSignIn.National.ToHeader()}\r\n");
        }
        foreach (var (name, value) in request.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }
        if (request.ContentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {request.ContentType}\r\n");
        }
        var body = request.Body;
        switch (request.Framing)
        {
            case Framing.Honest when body.Length > 0 || request.Method is not ("GET" or "HEAD"):
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
                break;
            case Framing.LengthOverstated or Framing.Stalled:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length + 100}\r\n");
                break;
            case Framing.LengthUnderstated:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length / 2}\r\n");
                break;
            case Framing.LengthNotANumber:
                head.Append("Content-Length: 12abc\r\n");
                break;
            case Framing.LengthTwice:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\nContent-Length: {body.Length + 1}\r\n");
                break;
            case Framing.BrokenChunk or Framing.ChunkCutShort or Framing.ChunkedAndLength or Framing.Chunked:
                head.Append("Transfer-Encoding: chunked\r\n");
                if (request.Framing == Framing.ChunkedAndLength)
                {
                    head.Append("Content-Length: 3\r\n");
                }
                body = Chunked(body, request.Framing);
                break;
        }
        head.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. body];
    }

    private static byte[] Chunked(byte[] body, Framing framing) => framing switch
    {
        Framing.BrokenChunk => [.. Encoding.ASCII.GetBytes("zz\r\n"), .. body, .. "\r\n0\r\n\r\n"u8],
        // Says a chunk twice as long as what follows, then stops.
        Framing.ChunkCutShort => [.. Encoding.ASCII.GetBytes($"{body.Length * 2 + 1:x}\r\n"), .. body],
        _ => [.. Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), .. body, .. "\r\n0\r\n\r\n"u8],
    };

    private static async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException) when (received.Length > 0)
        {
            // A reset after the answer (the server refusing the rest of a body) leaves the answer as it was.
        }
        return received.ToArray();
    }

    /// <summary>The first response in what came back; a second (for bytes past a short Content-Length) is left.</summary>
    private static WireResponse Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return new WireResponse(0, new Dictionary<string, string>(), bytes, bytes.Length == 0 ? "the connection closed without an answer" : "an answer with no end to its headers");
        }
        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }
        var rest = bytes[(end + 4)..];
        var body = headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase) ? Unchunk(rest)
            : headers.TryGetValue("Content-Length", out var length) ? rest[..Math.Min(rest.Length, int.Parse(length, CultureInfo.InvariantCulture))]
            : rest;
        return new WireResponse(status, headers, body);
    }

    private static byte[] Unchunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = chunked.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }
            var size = int.Parse(Encoding.ASCII.GetString(chunked, at, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }
            at += lineEnd + 2;
            body.Write(chunked, at, Math.Min(size, chunked.Length - at));
            at += size + 2;
        }
        return body.ToArray();
    }
}
