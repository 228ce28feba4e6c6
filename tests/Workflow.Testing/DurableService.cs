using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflow.Functions;
using Workflow.Functions.Rounds;
using Workflow.Functions.Orchestration;
using Workflow.LocalHost;
using Workflow.Storage;
using Workflow.Storage.Journal;

namespace Workflow.Testing;

/// <summary>
/// The service's orchestrator and activities running for real on the local host: a Durable Task worker over the
/// Azure Storage backend on Azurite, with the service's own stores and senders. Stopping it and starting another on
/// the same settings is a restart.
/// </summary>
public sealed class DurableService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DurableService(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public PlanningClient Client => Get<PlanningClient>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Settings for one run: its own tables and queues, task hub and mail folder; the same settings again restart it.</summary>
    public static Dictionary<string, string?> Settings(AzuriteFixture azurite, string dataFolder, string mailFolder, DateTimeOffset clockStart, double clockSpeed)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var storage = azurite.NewOptions();
        return Settings(azurite.ConnectionString, storage.ConnectionString ?? azurite.ConnectionString, storage.Prefix, dataFolder, mailFolder, clockStart, clockSpeed);
    }

    /// <summary>
    /// Settings for one run whose task hub and whose own tables reach storage by connections of their own (through
    /// relays that count each side's requests, say); <paramref name="prefix"/> names its tables, queues and task hub.
    /// </summary>
    public static Dictionary<string, string?> Settings(
        string taskHubConnectionString, string storageConnectionString, string prefix, string dataFolder, string mailFolder, DateTimeOffset clockStart, double clockSpeed)
    {
        return new()
        {
            ["AzureWebJobsStorage"] = taskHubConnectionString,
            ["LocalHost:TaskHub"] = "hub" + prefix,
            ["LocalHost:HostJson"] = Path.Combine(AppContext.BaseDirectory, "host.json"),
            // What a stopped service had in hand is taken again by the next within half a minute, not Azure's five:
            // a test that restarts the service waits for it.
            ["LocalHost:VisibilityTimeout"] = "00:00:30",
            ["Storage:ConnectionString"] = storageConnectionString,
            ["Storage:Prefix"] = prefix,
            ["Workflow:DataFolder"] = dataFolder,
            ["Clock:Start"] = clockStart.ToString("O"),
            ["Clock:Speed"] = clockSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MailDrop:Folder"] = mailFolder,
            ["Links:BaseUrl"] = "http://127.0.0.1:7071",
            ["SignIn:Mode"] = TestSignIn.Mode,
        };
    }

    /// <param name="configure">The last word on the service's services, for a test's own stand-in for a seam.</param>
    public static async Task<DurableService> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure = null, CancellationToken cancellationToken = default)
    {
        var app = LocalHostProgram.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            configure?.Invoke(builder.Services);
        });
        await app.StartAsync(cancellationToken);
        return new DurableService(app);
    }

    /// <summary>Where the service's HTTP functions listen: a free loopback port chosen at start.</summary>
    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The Durable Task client the HTTP functions are given.</summary>
    public DurableTaskClient Durable => Get<DurableTaskClient>();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
