using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.LocalHost.Durable;
using Workflow.LocalHost.Functions;

namespace Workflow.LocalHost;

/// <summary>
/// Runs an isolated-worker Functions app's HTTP, orchestrator and activity functions without the Functions host:
/// HTTP functions as ASP.NET Core endpoints, the others on a Durable Task worker over the Azure Storage backend.
/// </summary>
public static class LocalFunctionsHost
{
    /// <summary>Where the Functions host listens locally, used when no <c>urls</c> setting names another.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>What <see cref="RunLocalAsync"/> returns when the storage is not set or does not answer at start: nothing has started.</summary>
    public const int StorageUnavailableExitCode = 1;

    /// <summary>
    /// What <see cref="RunLocalAsync"/> returns when the storage stopped answering before the host had stopped: the task
    /// hub's partition leases were left to expire on their own.
    /// </summary>
    public const int StorageLostWhileStoppingExitCode = 2;

    public static WebApplicationBuilder CreateBuilder(string[] args, params Assembly[] functionAssemblies)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLocalFunctions(functionAssemblies);
        return builder;
    }

    /// <summary>
    /// The functions of these assemblies and their durable backend. The <see cref="FunctionTable"/> is read when
    /// first needed, so settings added after this call (host.json's path, the route prefix) still count.
    /// </summary>
    public static WebApplicationBuilder AddLocalFunctions(this WebApplicationBuilder builder, params Assembly[] functionAssemblies)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Services.AddSingleton(services => FunctionTable.Discover(
            HostJson.RoutePrefix(services.GetRequiredService<IConfiguration>(), HostJsonPath(services, functionAssemblies)),
            functionAssemblies));
        // What ObjectResult, ContentResult and the other IActionResults need to execute outside MVC's pipeline.
        builder.Services.AddMvcCore();
        builder.Services.AddLocalDurableBackend();
        return builder;
    }

    /// <summary>Every HTTP function as an endpoint on its methods and its route under the route prefix.</summary>
    public static IEndpointRouteBuilder MapFunctions(this IEndpointRouteBuilder endpoints)
    {
        var table = endpoints.ServiceProvider.GetRequiredService<FunctionTable>();
        foreach (var function in table.WithTrigger(FunctionTrigger.Http))
        {
            var http = new HttpFunction(function, table.MethodOf(function));
            var pattern = "/" + table.PathOf(function);
            var endpoint = function.HttpMethods.Count == 0
                ? endpoints.Map(pattern, http.InvokeAsync)
                : endpoints.MapMethods(pattern, function.HttpMethods, http.InvokeAsync);
            endpoint.WithDisplayName(function.Name);
        }
        return endpoints;
    }

    /// <summary>
    /// Runs the app until it is stopped. 0 when it stopped normally; <see cref="StorageUnavailableExitCode"/>, with one
    /// line on standard error, when its storage is not set or does not answer, before anything has started;
    /// <see cref="StorageLostWhileStoppingExitCode"/>, with a warning logged, when the storage did not answer as it stopped.
    /// </summary>
    public static async Task<int> RunLocalAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        try
        {
            var options = app.Services.GetRequiredService<IOptions<LocalHostOptions>>().Value;
            await StorageProbe.EnsureReachableAsync(StorageConnection.From(app.Configuration, options), cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return StorageUnavailableExitCode;
        }
        // Taken before the run, which disposes the app's services as it ends.
        var sidecar = app.Services.GetRequiredService<TaskHubSidecar>();
        await app.RunAsync(cancellationToken);
        return sidecar.LeasesLeft ? StorageLostWhileStoppingExitCode : 0;
    }

    private static string HostJsonPath(IServiceProvider services, Assembly[] functionAssemblies) =>
        services.GetRequiredService<IOptions<LocalHostOptions>>().Value.HostJson
        ?? Path.Combine(
            functionAssemblies.Select(a => Path.GetDirectoryName(a.Location)).FirstOrDefault() ?? AppContext.BaseDirectory,
            "host.json");
}
