using System.Diagnostics;
using System.Globalization;

namespace Workflow.Testing;

/// <summary>
/// Stops a process as a container platform or a script does: SIGTERM, leaving it to finish and exit on its own.
/// <see cref="Process.Kill()"/> sends SIGKILL, which gives it no chance to.
/// </summary>
public static class Sigterm
{
    /// <summary>Sends SIGTERM, then waits up to <paramref name="patience"/>: true when the process has exited by then.</summary>
    public static async Task<bool> StopAsync(Process process, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(process);
        var info = new ProcessStartInfo("kill") { UseShellExecute = false };
        info.ArgumentList.Add("-TERM");
        info.ArgumentList.Add(process.Id.ToString(CultureInfo.InvariantCulture));
        using (var kill = Process.Start(info) ?? throw new InvalidOperationException("kill did not start."))
        {
            await kill.WaitForExitAsync();
            // It fails only when the process is gone already, which is what was asked.
            if (kill.ExitCode != 0 && !process.HasExited)
            {
                throw new InvalidOperationException($"kill -TERM {process.Id} failed with code {kill.ExitCode}.");
            }
        }
        using var wait = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
