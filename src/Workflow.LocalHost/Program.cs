using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Functions;
using Workflow.Functions.Orchestration;

namespace Workflow.LocalHost;

/// <summary>
/// Runs the service's functions locally: its HTTP functions as endpoints, its orchestrator and activities on a Durable
/// Task worker over the Azure Storage backend (Azurite), with its stores and senders, and the configured round loaded
/// and started. A class of its own name, so a project that references both this and the Functions app meets one <c>Program</c>.
/// </summary>
public static class LocalHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        var app = Build(args);
        return await app.RunLocalAsync();
    }

    /// <summary>The local service, ready to run; <paramref name="configure"/> has the last word on its services (tests set their seams there).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = LocalFunctionsHost.CreateBuilder(args, typeof(PlanningActivities).Assembly);
        builder.Services.AddWorkflow(builder.Configuration);
        builder.Services.AddHostedService<LocalRoundStart>();
        configure?.Invoke(builder);
        var app = builder.Build();
        // A proxy on this machine in front of the service says whom it forwards for: the address people act from is kept in
        // the audit of their decisions, and the sent-mail pages answer only people on this machine. Only loopback is trusted.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ErrorResponses.WriteAsync });
        app.MapFunctions();
        return app;
    }
}
