using Workflow.Functions;
using Workflow.Functions.Orchestration;

namespace Workflow.LocalHost;

/// <summary>
/// Runs the service's functions locally: its orchestrator and activities on a Durable Task worker over the Azure
/// Storage backend (Azurite), with its stores and senders, and the configured round loaded and started. A class of its
/// own name, so a project that references both this and the Functions app meets one <c>Program</c>.
/// </summary>
public static class LocalHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = LocalFunctionsHost.CreateBuilder(args, typeof(PlanningActivities).Assembly);
        // Registered before the service's own hosted services, so storage is ready before any of them reads it.
        builder.Services.AddHostedService<LocalRoundStart>();
        builder.Services.AddWorkflow(builder.Configuration, localTriggers: false);
        builder.Services.AddSingleton<PlanningClient>();
        builder.Services.AddSingleton<RoundLoader>();
        var app = builder.Build();
        app.MapFunctions();
        return await app.RunLocalAsync();
    }
}
