using Microsoft.Extensions.Hosting;
using Workflow.Functions.Orchestration;

namespace Workflow.LocalHost;

/// <summary>Loads and starts the configured round once the durable backend is up; instances already running are left as they are.</summary>
internal sealed class LocalRoundStart(RoundLoader loader, PlanningClient client) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => loader.StartAsync(client, stoppingToken);
}
