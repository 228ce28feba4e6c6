using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.LocalHost.Functions;

namespace Workflow.LocalHost.Durable;

public static class DurableBackendExtensions
{
    /// <summary>
    /// The Durable Task sidecar on the Azure Storage backend, a worker running the <see cref="FunctionTable"/>'s
    /// orchestrators and activities, and the <see cref="DurableTaskClient"/> for the app, both on the sidecar's
    /// channel. Settings: <see cref="LocalHostOptions"/>. Needs a <see cref="FunctionTable"/> among the services.
    /// </summary>
    public static IServiceCollection AddLocalDurableBackend(this IServiceCollection services)
    {
        services.AddOptions<LocalHostOptions>()
            .BindConfiguration(LocalHostOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SidecarEndpoint>();
        // Also a service of its own, so the host's run can tell afterwards how its stop went.
        services.AddSingleton<TaskHubSidecar>();
        services.AddHostedService(provider => provider.GetRequiredService<TaskHubSidecar>());
        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc();
            worker.Services.AddOptions<GrpcDurableTaskWorkerOptions>(worker.Name)
                .Configure<SidecarEndpoint>((grpc, sidecar) => grpc.Channel = sidecar.Channel);
            worker.Services.AddOptions<DurableTaskRegistry>(worker.Name)
                .Configure<FunctionTable, IServiceProvider, IOptionsMonitor<DurableTaskWorkerOptions>>((registry, table, provider, workerOptions) =>
                    registry.AddFunctions(table, provider, workerOptions.Get(worker.Name).DataConverter));
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc();
            client.Services.AddOptions<GrpcDurableTaskClientOptions>(client.Name)
                .Configure<SidecarEndpoint>((grpc, sidecar) => grpc.Channel = sidecar.Channel);
        });
        return services;
    }
}
