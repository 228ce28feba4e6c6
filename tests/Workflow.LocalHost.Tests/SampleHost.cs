using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.LocalHost.Tests.Sample;

namespace Workflow.LocalHost.Tests;

/// <summary>The sample functions on a running local host: its HTTP address, its Durable Task client.</summary>
internal sealed class SampleHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SampleHost(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address };
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    public static string NewTaskHub() => "hub" + Guid.NewGuid().ToString("N")[..16];

    public static WebApplication Build(string connectionString, string taskHub, GreetingLog log)
    {
        var builder = LocalFunctionsHost.CreateBuilder(["--urls", "http://127.0.0.1:0"], typeof(GreetingApi).Assembly);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["LocalHost:TaskHub"] = taskHub,
            ["LocalHost:HostJson"] = Path.Combine(AppContext.BaseDirectory, "Sample", "host.json"),
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(log);
        var app = builder.Build();
        app.MapFunctions();
        return app;
    }

    public static async Task<SampleHost> StartAsync(string connectionString, string taskHub, GreetingLog log, CancellationToken cancellationToken)
    {
        var app = Build(connectionString, taskHub, log);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new SampleHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
