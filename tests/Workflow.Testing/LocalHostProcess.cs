using System.Diagnostics;
using System.Text;

namespace Workflow.Testing;

/// <summary>
/// The local host (<c>Workflow.LocalHost.dll</c>, built beside the tests) in a process of its own, so a test can kill it
/// as a crash would (SIGKILL, with no chance to finish anything) or stop it as a container platform would (SIGTERM).
/// </summary>
public sealed class LocalHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LocalHostProcess(Process process) => _process = process;

    /// <summary>What the process has written so far, for a failing test to show.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static LocalHostProcess Start(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Workflow.LocalHost.dll"));
        info.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }
        var host = new LocalHostProcess(Process.Start(info) ?? throw new InvalidOperationException("The local host did not start."));
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    /// <summary>SIGKILL: the process ends at once, wherever it is.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then up to <paramref name="patience"/> for the host to exit: its exit code, or null when it is still running.</summary>
    public async Task<int?> TerminateAsync(TimeSpan patience) =>
        await Sigterm.StopAsync(_process, patience) ? _process.ExitCode : null;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
