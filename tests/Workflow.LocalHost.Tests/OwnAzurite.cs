using System.Diagnostics;
using Workflow.LocalHost.Durable;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests;

/// <summary>
/// An Azurite of one test's own, so stopping it harms no other test: its data kept in a folder, and on the same ports
/// each time it starts, so a restart brings the same account back where the host looks for it.
/// </summary>
internal sealed class OwnAzurite : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Azurite writes what it holds to its folder as it closes; SIGKILL could lose the last of it.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _folder;
    private readonly int[] _ports = LoopbackPorts.Free(3);
    private Process? _process;

    private OwnAzurite(string folder) => _folder = folder;

    public string ConnectionString => AzuriteFixture.ConnectionStringFor(_ports[0], _ports[1], _ports[2]);

    /// <summary>
    /// Started on a new folder. The Azurite launcher is the one <see cref="AzuriteFixture"/> installs from the lock file,
    /// so a test of this project's Azurite collection has it.
    /// </summary>
    public static async Task<OwnAzurite> StartAsync()
    {
        var azurite = new OwnAzurite(Directory.CreateTempSubdirectory("azurite-").FullName);
        await azurite.StartAgainAsync();
        return azurite;
    }

    public async Task StartAgainAsync()
    {
        var info = AzuriteFixture.StartInfo(RepositoryFiles.PathOf("node_modules", ".bin", "azurite"), _ports, _folder);
        _process = Process.Start(info) ?? throw new InvalidOperationException("Azurite did not start.");
        // Read as they come, so it never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var connection = new StorageConnection("Azurite", ConnectionString);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (await StorageProbe.UnreachableAsync(connection, TimeSpan.FromSeconds(5), CancellationToken.None) is { } unreachable)
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{unreachable}: Azurite did not answer within {StartTimeout.TotalSeconds} s.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Stopped as <c>scripts/run.sh</c> stops it, with SIGTERM; its ports then refuse connections.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }
        _process = null;
        using (process)
        {
            if (!await Sigterm.StopAsync(process, StopTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"Azurite did not stop within {StopTimeout.TotalSeconds} s of SIGTERM.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
