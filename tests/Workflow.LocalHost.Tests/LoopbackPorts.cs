using System.Net;
using System.Net.Sockets;

namespace Workflow.LocalHost.Tests;

internal static class LoopbackPorts
{
    /// <summary>
    /// Loopback ports free a moment ago and let go, all different: nothing answers there until something binds them.
    /// Every listener is held until all are picked, so no two are the same.
    /// </summary>
    public static int[] Free(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
