using System.Net;
using System.Net.Sockets;

namespace Workflow.Testing;

/// <summary>
/// A TCP relay on a free loopback port in front of one endpoint. Each connection gets an observer of its own, which
/// sees every byte the client sends before it is passed on; what the server answers goes back untouched. It sits
/// outside every client, so whatever it reads is what really went over the wire.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly Func<Action<ReadOnlyMemory<byte>>> _observerForConnection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpRelay(IPEndPoint target, Func<Action<ReadOnlyMemory<byte>>> observerForConnection)
    {
        _target = target;
        _observerForConnection = observerForConnection;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

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
            // Stopped: the relays of open connections end as their connections do.
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
                var up = CopyAsync(client.GetStream(), server.GetStream(), _observerForConnection());
                var down = CopyAsync(server.GetStream(), client.GetStream(), null);
                await Task.WhenAny(up, down, Task.Delay(Timeout.Infinite, _stop.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
            {
                // The relay is stopping, or a side went away: the connection ends.
            }
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, Action<ReadOnlyMemory<byte>>? observe)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                observe?.Invoke(buffer.AsMemory(0, read));
                await to.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The other side closed: the relay ends.
        }
    }
}
