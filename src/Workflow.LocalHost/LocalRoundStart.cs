using Microsoft.Extensions.Hosting;
using Workflow.Functions.Orchestration;
using Workflow.Storage;

namespace Workflow.LocalHost;

/// <summary>
/// Makes storage ready before anything else of the service starts (its data-protection keys live in a table), then loads
/// and starts the configured round; instances already running are left as they are.
/// </summary>
internal sealed class LocalRoundStart(StorageAccount account, RoundLoader loader, PlanningClient client) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await account.InitializeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => loader.StartAsync(client, stoppingToken);
}
