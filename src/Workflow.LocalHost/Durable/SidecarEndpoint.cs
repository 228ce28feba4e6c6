using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// Where the Durable Task sidecar listens and the one channel the worker and the client share to reach it. The port
/// is fixed when this is made, before the worker and client read their options, so both know it before the sidecar
/// starts.
/// </summary>
internal sealed class SidecarEndpoint : IDisposable
{
    public SidecarEndpoint(IOptions<LocalHostOptions> options)
    {
        Port = options.Value.SidecarPort > 0 ? options.Value.SidecarPort : FreeLoopbackPort();
        Address = new Uri($"http://127.0.0.1:{Port}");
        Channel = GrpcChannel.ForAddress(Address);
    }

    public int Port { get; }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public void Dispose() => Channel.Dispose();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
