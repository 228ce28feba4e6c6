using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Workflow.Functions.Rounds;

namespace Workflow.LocalHost;

/// <summary>Loads and starts the configured round once the service has started; instances already running are left as they are.</summary>
internal sealed class LocalRoundStart(RoundLoader loader, DurableTaskClient client) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => loader.StartAsync(client, stoppingToken);
}
