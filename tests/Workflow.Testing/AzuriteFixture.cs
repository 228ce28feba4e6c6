using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Workflow.Storage;
using Xunit;

namespace Workflow.Testing;

/// <summary>
/// A storage account for tests: Azurite, pinned in the repository's <c>package.json</c>, started in memory on free
/// loopback ports for the life of the fixture; or the account named by <c>WORKFLOW_TEST_STORAGE</c> when that is set.
/// Each test takes its own <see cref="StorageAccount"/> with a fresh prefix, so tests never share a table or queue.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "WORKFLOW_TEST_STORAGE";

    /// <summary>Azurite's well-known development account; public, and accepted nowhere else.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // About 3 s on an idle 2-core machine, 10 s under heavy load; while dotnet test runs assemblies side by side
    // (each with its own Azurite) beside a build, 30 s was seen to run out.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private readonly ConcurrentDictionary<string, StorageAccount> _accounts = new(StringComparer.Ordinal);
    private readonly StringBuilder _stderr = new();
    private Process? _azurite;

    public string ConnectionString { get; private set; } = "";

    /// <summary>True when the tests run against an account named by <see cref="ConnectionStringVariable"/>.</summary>
    public bool IsExternal { get; private set; }

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>A new account view with its own prefix, its tables, queues and container created.</summary>
    public async Task<StorageAccount> CreateAccountAsync(RequestCounter? counter = null, CancellationToken cancellationToken = default)
    {
        var account = new StorageAccount(NewOptions(), counter);
        await account.InitializeAsync(cancellationToken);
        return account;
    }

    /// <summary>
    /// Options with a prefix no other test of this fixture has (lowercase letters only, as storage names need), for
    /// this account, reached directly or through <paramref name="connectionString"/> (a relay in front of it, say).
    /// </summary>
    public StorageOptions NewOptions(string? connectionString = null)
    {
        while (true)
        {
            var prefix = "t" + string.Concat(Enumerable.Range(0, 11).Select(_ => (char)('a' + Random.Shared.Next(26))));
            if (_accounts.TryAdd(prefix, new StorageAccount(new StorageOptions { ConnectionString = ConnectionString, Prefix = prefix })))
            {
                return new StorageOptions { ConnectionString = connectionString ?? ConnectionString, Prefix = prefix };
            }
        }
    }

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            IsExternal = true;
            return;
        }
        var azurite = await EnsureInstalledAsync();
        // A port picked free can be taken before Azurite binds it; Azurite then exits at once, and a retry picks again.
        for (var attempt = 1; ; attempt++)
        {
            var ports = LoopbackPorts.Free(3);
            try
            {
                await StartAsync(azurite, ports);
                ConnectionString = ConnectionStringFor(ports[0], ports[1], ports[2]);
                return;
            }
            catch (AzuriteExitedException) when (attempt < 3)
            {
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (IsExternal)
        {
            // A real account keeps what tests made, so remove it; Azurite in memory forgets it all when stopped.
            await Task.WhenAll(_accounts.Values.Select(DeleteAsync));
        }
        await StopAsync();
    }

    private async Task StartAsync(string azurite, int[] ports)
    {
        var info = StartInfo(azurite, ports, folder: null);
        lock (_stderr)
        {
            _stderr.Clear();
        }
        var process = new Process { StartInfo = info };
        // Both streams are read as they come, so a chatty Azurite can never block on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => KeepError(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _azurite = process;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AcceptsAsync(ports))
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // and for the last of its output
                var exit = process.ExitCode;
                await StopAsync();
                throw new AzuriteExitedException($"Azurite exited with code {exit} before listening on ports {string.Join(", ", ports)}.{Stderr()}");
            }
            if (DateTime.UtcNow > deadline)
            {
                await StopAsync();
                throw new InvalidOperationException($"Azurite did not listen on ports {string.Join(", ", ports)} within {StartTimeout.TotalSeconds} s.{Stderr()}");
            }
            await Task.Delay(100);
        }
    }

    private async Task StopAsync()
    {
        if (_azurite is not { } process)
        {
            return;
        }
        _azurite = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(wait.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // It ended on its own meanwhile, or will be reaped by the OS: nothing more to do.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>
    /// Azurite on loopback <paramref name="ports"/> (blob, queue, table) with both streams redirected: in memory, or with
    /// its data kept in <paramref name="folder"/>.
    /// </summary>
    public static ProcessStartInfo StartInfo(string azurite, int[] ports, string? folder)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var info = new ProcessStartInfo(azurite)
        {
            WorkingDirectory = RepositoryFiles.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] storage = folder is null ? ["--inMemoryPersistence"] : ["--location", folder];
        foreach (var argument in (string[])[
            .. storage, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{ports[0]}", "--queuePort", $"{ports[1]}", "--tablePort", $"{ports[2]}"])
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }

    /// <summary>The Azurite launcher installed by <c>npm ci</c> from the repository's lock file, installing it first if needed.</summary>
    private static async Task<string> EnsureInstalledAsync()
    {
        var bin = RepositoryFiles.PathOf("node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(bin))
            {
                await NpmCiAsync();
            }
        }
        finally
        {
            InstallLock.Release();
        }
        return File.Exists(bin) ? bin : throw new InvalidOperationException($"npm ci did not install {bin}.");
    }

    private static async Task NpmCiAsync()
    {
        var info = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            WorkingDirectory = RepositoryFiles.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["ci", "--no-audit", "--no-fund"])
        {
            info.ArgumentList.Add(argument);
        }
        using var npm = Process.Start(info) ?? throw new InvalidOperationException("npm could not be started.");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed with code {npm.ExitCode} in {RepositoryFiles.Root}:\n{await stdout}\n{await stderr}");
        }
    }


    private static async Task<bool> AcceptsAsync(int[] ports)
    {
        foreach (var port in ports)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                return false;
            }
        }
        return true;
    }

    private static async Task DeleteAsync(StorageAccount account)
    {
        await Task.WhenAll(
            account.Status.DeleteAsync(),
            account.Directory.DeleteAsync(), account.Rounds.DeleteAsync(), account.Settings.DeleteAsync(),
            account.Journal.DeleteAsync(), account.Deliveries.DeleteAsync(), account.Links.DeleteAsync(),
            account.Events.DeleteIfExistsAsync(),
            account.Plans.DeleteIfExistsAsync());
    }

    private void KeepError(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stderr)
        {
            if (_stderr.Length < 16_000)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.Length == 0 ? " It wrote nothing to stderr." : $" Its stderr:\n{_stderr}";
        }
    }

    private sealed class AzuriteExitedException(string message) : Exception(message);
}
