using System.Net;
using System.Net.Sockets;

namespace Workflow.Testing;

public static class LoopbackPorts
{
    /// <summary>
    /// Loopback ports free a moment ago and let go, all different: nothing answers there until something binds them.
    /// Every listener is held until all are picked, so no two are the same.
    /// </summary>
    public static int[] Free(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
