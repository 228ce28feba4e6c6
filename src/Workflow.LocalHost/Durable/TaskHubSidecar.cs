using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// The Durable Task sidecar (the gRPC server the worker and client talk to) over the Azure Storage backend, run in
/// its own small web host on a loopback port with HTTP/2. It starts before every other hosted service and stops
/// after them all: the worker finds it listening at once, and has closed its work-item stream before the
/// sidecar's server stops, which would otherwise wait out the shutdown timeout for that stream.
/// </summary>
internal sealed partial class TaskHubSidecar(
    IOptions<LocalHostOptions> options,
    IConfiguration configuration,
    SidecarEndpoint endpoint,
    ILoggerFactory loggerFactory,
    ILogger<TaskHubSidecar> logger) : IHostedLifecycleService, IAsyncDisposable
{
    // What is left in the sidecar at its stop is the stream of a worker already gone; its state is in storage.
    private static readonly TimeSpan SidecarShutdownTimeout = TimeSpan.FromSeconds(5);

    // Against storage that answers, releasing the partition leases takes about a second (the backend drains, waits a
    // second, then releases); storage that has gone it retries for up to ten minutes. A lease left unreleased expires
    // on its own, so the stop waits no longer than this.
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    // Storage that has gone refuses the connection at once; this is for storage that no longer answers at all.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private AzureStorageOrchestrationService? _service;
    private StorageConnection? _connection;
    private TimeSpan _leaseInterval;
    private WebApplication? _sidecar;

    /// <summary>
    /// True once the stop has given up releasing the task hub's partition leases. Nothing is lost: what was in hand is in
    /// storage, and the leases expire on their own.
    /// </summary>
    public bool LeasesLeft { get; private set; }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var connection = StorageConnection.From(configuration, settings);
        await StorageProbe.EnsureReachableAsync(connection, cancellationToken);

        var backend = BackendSettings(settings, connection);
        _connection = connection;
        _leaseInterval = backend.LeaseInterval;
        _service = new AzureStorageOrchestrationService(backend);
        // Creates the task hub's queues, tables and containers if they are missing, then takes the partitions.
        await _service.StartAsync();
        _sidecar = BuildSidecar(_service);
        await _sidecar.StartAsync(cancellationToken);
        LogListening(logger, endpoint.Address, settings.TaskHub, settings.PartitionCount);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => StopSidecarAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await StopSidecarAsync(CancellationToken.None);

    private async Task StopSidecarAsync(CancellationToken cancellationToken)
    {
        if (_sidecar is { } sidecar)
        {
            _sidecar = null;
            // Bounded by its own shutdown timeout.
            await sidecar.StopAsync(CancellationToken.None);
            await sidecar.DisposeAsync();
        }
        if (_service is { } service)
        {
            _service = null;
            try
            {
                // Forced: with the worker gone, a work item still in memory can never finish, and a graceful drain
                // would wait for it. Its messages are not lost: they show again when their visibility timeout ends.
                // Bounded by the host's own shutdown timeout too, when that is nearer.
                await service.StopAsync(isForced: true).WaitAsync(ReleaseTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // The backend's release loop goes on retrying until the process ends; the service is not disposed
                // under it, which would only add its errors to the log.
                await GiveUpLeasesAsync();
                return;
            }
            service.Dispose();
            LogStopped(logger, options.Value.TaskHub);
        }
    }

    private async Task GiveUpLeasesAsync()
    {
        LeasesLeft = true;
        var taskHub = options.Value.TaskHub;
        if (await StorageProbe.UnreachableAsync(_connection!, ProbeTimeout, CancellationToken.None) is { } unreachable)
        {
            LogStorageGoneWhileStopping(logger, unreachable, taskHub, ReleaseTimeout.TotalSeconds, _leaseInterval.TotalSeconds);
        }
        else
        {
            LogReleaseTooSlow(logger, taskHub, ReleaseTimeout.TotalSeconds, _connection!.Name, _leaseInterval.TotalSeconds);
        }
    }

    private AzureStorageOrchestrationServiceSettings BackendSettings(LocalHostOptions settings, StorageConnection connection) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(connection.ConnectionString),
        TaskHubName = settings.TaskHub,
        PartitionCount = settings.PartitionCount,
        MaxQueuePollingInterval = settings.MaxQueuePollingInterval,
        MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivities,
        ControlQueueVisibilityTimeout = settings.VisibilityTimeout,
        WorkItemQueueVisibilityTimeout = settings.VisibilityTimeout,
        // The app lease keeps two deployed versions of an app from sharing a task hub; locally there is one
        // host, and after a crash its lease would hold a restarted host back for a minute.
        UseAppLease = false,
        LoggerFactory = loggerFactory,
    };

    private WebApplication BuildSidecar(AzureStorageOrchestrationService service)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, endpoint.Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddLogging();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = SidecarShutdownTimeout);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(new HostOwnedOrchestrationService(service));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        // One instance for every call: it holds the connected worker's stream and the work items awaiting results.
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        return sidecar;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Durable Task sidecar on {Address}, task hub {TaskHub}, {PartitionCount} partition(s)")]
    private static partial void LogListening(ILogger logger, Uri address, string taskHub, int partitionCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Task hub {TaskHub} stopped and its partitions released")]
    private static partial void LogStopped(ILogger logger, string taskHub);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Unreachable} while stopping: task hub {TaskHub}'s partition leases were not released within {ReleaseSeconds} s; they expire on their own within {LeaseSeconds} s, and the next start on this machine takes them back at once")]
    private static partial void LogStorageGoneWhileStopping(ILogger logger, string unreachable, string taskHub, double releaseSeconds, double leaseSeconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Task hub {TaskHub}'s partition leases were not released within {ReleaseSeconds} s of stopping, though storage '{Connection}' answers; they expire on their own within {LeaseSeconds} s, and the next start on this machine takes them back at once")]
    private static partial void LogReleaseTooSlow(ILogger logger, string taskHub, double releaseSeconds, string connection, double leaseSeconds);
}
