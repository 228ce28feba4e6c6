using System.Diagnostics;
using Workflow.LocalHost.Durable;
using Workflow.LocalHost.Tests.Sample;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests;

public sealed class StorageUnavailableTests
{
    private static readonly string Unreachable = NothingListening();

    [Fact]
    public async Task StartAsync_StorageUnreachable_FailsAtOnceWithOneLineNamingTheConnectionAndAzurite()
    {
        await using var app = SampleHost.Build(Unreachable, SampleHost.NewTaskHub(), new GreetingLog());
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => app.StartAsync());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"failed after {clock.Elapsed}");
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("'AzureWebJobsStorage'", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/azurite.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_StorageUnreachable_ExitsWithOneAndOneLineOnStandardError()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "Workflow.LocalHost.dll"), $"--AzureWebJobsStorage={Unreachable}", "--urls=http://127.0.0.1:0"])
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("scripts/azurite.sh", line, StringComparison.Ordinal);
        Assert.Equal("", (await stdout).Trim());
    }

    /// <summary>An account on loopback ports taken free a moment ago and let go, so nothing answers there.</summary>
    private static string NothingListening()
    {
        var ports = LoopbackPorts.Free(3);
        return AzuriteFixture.ConnectionStringFor(ports[0], ports[1], ports[2]);
    }
}
