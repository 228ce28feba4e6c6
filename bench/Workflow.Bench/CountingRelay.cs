using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>
/// A TCP relay in front of one storage endpoint that counts the HTTP requests crossing it, by method and by the
/// table, queue or container they name. It sits outside every client, so two engines with different SDKs and
/// pipelines are counted the same way.
/// </summary>
internal sealed class CountingRelay : IAsyncDisposable
{
    private readonly string _service;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly TcpRelay _relay;

    public CountingRelay(string service, int targetPort)
    {
        _service = service;
        _relay = new TcpRelay(new IPEndPoint(IPAddress.Loopback, targetPort), () => { var reader = new RequestReader(this); return bytes => reader.Read(bytes.Span); });
    }

    public int Port => _relay.Port;

    public long Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public ValueTask DisposeAsync() => _relay.DisposeAsync();

    private void Count(string requestLine)
    {
        // "GET /devstoreaccount1/hubHistory()?$filter=… HTTP/1.1": the method and the account's first path segment.
        var parts = requestLine.Split(' ');
        var path = parts.Length > 1 ? parts[1] : "";
        var segments = path.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? segments[1] : "";
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        resource = paren >= 0 ? resource[..paren] : resource;
        if (segments.Length > 2 && segments[2] == "messages")
        {
            resource += "/messages";
        }
        _counts.AddOrUpdate($"{_service}:{parts[0]} {Generic(resource)}", 1, (_, n) => n + 1);
    }

    /// <summary>A resource name without the run's own prefix, so runs with different prefixes add up by kind.</summary>
    private static string Generic(string resource)
    {
        foreach (var suffix in (string[])["History", "Instances", "Partitions", "-control-", "-workitems", "-leases", "-largemessages", "-applease"])
        {
            var at = resource.IndexOf(suffix, StringComparison.Ordinal);
            if (at > 0)
            {
                return "hub" + resource[at..];
            }
        }
        return resource.StartsWith('t') && resource.Length > 12 ? resource[12..] : resource;
    }

    /// <summary>Follows one connection's request stream: a head up to a blank line, then Content-Length bytes of body.</summary>
    private sealed class RequestReader(CountingRelay relay)
    {
        private readonly List<byte> _head = [];
        private long _bodyLeft;

        public void Read(ReadOnlySpan<byte> bytes)
        {
            while (bytes.Length > 0)
            {
                if (_bodyLeft > 0)
                {
                    var skip = (int)Math.Min(_bodyLeft, bytes.Length);
                    _bodyLeft -= skip;
                    bytes = bytes[skip..];
                    continue;
                }
                _head.Add(bytes[0]);
                bytes = bytes[1..];
                if (_head.Count >= 4 && _head[^1] == '\n' && _head[^2] == '\r' && _head[^3] == '\n' && _head[^4] == '\r')
                {
                    var head = Encoding.ASCII.GetString([.. _head]);
                    _head.Clear();
                    var lines = head.Split("\r\n");
                    relay.Count(lines[0]);
                    _bodyLeft = lines
                        .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                        .Select(l => long.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
                        .FirstOrDefault();
                }
            }
        }
    }
}
