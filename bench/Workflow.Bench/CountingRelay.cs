using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workflow.Bench;

/// <summary>
/// A TCP relay in front of one storage endpoint that counts the HTTP requests crossing it, by method and by the
/// table, queue or container they name. It sits outside every client, so two engines with different SDKs and
/// pipelines are counted the same way.
/// </summary>
internal sealed class CountingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly string _service;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Task _accepting;

    public CountingRelay(string service, int targetPort)
    {
        _service = service;
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public long Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var relays = new List<Task>();
        try
        {
            while (true)
            {
                relays.Add(RelayAsync(await _listener.AcceptTcpClientAsync(_stop.Token)));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        await Task.WhenAll(relays);
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                server.NoDelay = true;
                client.NoDelay = true;
                await server.ConnectAsync(_target, _stop.Token);
                var up = CopyAsync(client.GetStream(), server.GetStream(), new RequestReader(this));
                var down = CopyAsync(server.GetStream(), client.GetStream(), null);
                await Task.WhenAny(up, down, Task.Delay(Timeout.Infinite, _stop.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
            {
            }
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, RequestReader? reader)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                reader?.Read(buffer.AsSpan(0, read));
                await to.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The other side closed: the relay ends.
        }
    }

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
