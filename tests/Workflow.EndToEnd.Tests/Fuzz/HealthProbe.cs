using System.Diagnostics;
using System.Net;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Asks the service's health route every <see cref="Every"/> while the hostile requests go in, on a connection of its own:
/// the service must answer 200 throughout, not only once they are over.
/// </summary>
internal sealed class HealthProbe : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _failures = [];
    private readonly Task _loop;

    public HealthProbe(Uri baseAddress)
    {
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _loop = Task.Run(LoopAsync);
    }

    public int Probes { get; private set; }

    public TimeSpan Slowest { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Stops probing, after one last probe.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await ProbeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
        _client.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await ProbeAsync();
            try
            {
                await Task.Delay(Every, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ProbeAsync()
    {
        var clock = Stopwatch.StartNew();
        string? failure;
        try
        {
            using var response = await _client.GetAsync(new Uri("/api/health", UriKind.Relative));
            failure = response.StatusCode == HttpStatusCode.OK ? null : $"answered {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            failure = ex.Message;
        }
        Probes++;
        Slowest = clock.Elapsed > Slowest ? clock.Elapsed : Slowest;
        if (failure is not null)
        {
            _failures.Add($"probe {Probes}, {DateTime.UtcNow:HH:mm:ss.fff}: {failure}");
        }
    }
}
