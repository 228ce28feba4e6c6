using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Workflow.Functions.Local;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Durable;
using Workflow.Functions.Pages;
using Workflow.Notifications;
using Workflow.Notifications.Events;
using Workflow.Notifications.Links;
using Workflow.Notifications.SendGrid;
using Workflow.Storage;
using Workflow.Storage.Directory;
using Workflow.Storage.Instances;
using Workflow.Storage.Rounds;
using Workflow.Storage.Scheduling;
using Workflow.Storage.Status;

namespace Workflow.Functions;

public static class ServiceRegistration
{
    /// <summary>The loopback port the Functions host chose for the handler, or null when the service runs on its own.</summary>
    public static string? FunctionsHostPort { get; } =
        Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") ?? Environment.GetEnvironmentVariable("FUNCTIONS_HTTPWORKER_PORT");

    public static IServiceCollection AddWorkflow(this IServiceCollection services, IConfiguration configuration, bool localTriggers)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClockOptions>().Bind(configuration.GetSection(ClockOptions.Section));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, Api.ApiJson.Default));

        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<IOptions<ClockOptions>>().Value is { Start: { } start } clock
            ? new VirtualClock(start, clock.Speed, TimeProvider.System)
            : TimeProvider.System);
        services.AddSingleton(sp => new StorageAccount(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton(sp => ReferenceData.Load(sp.GetRequiredService<IOptions<WorkflowOptions>>()));
        services.AddSingleton<InstanceStore>();
        services.AddSingleton<ScheduleStore>();
        services.AddSingleton<StatusStore>();
        services.AddSingleton<RoundStore>();
        services.AddSingleton<DirectoryStore>();
        services.AddSingleton<OutboxQueue>();
        services.AddSingleton<ClockStore>();
        services.AddNotifications(configuration);
        services.AddPlanningOrchestration();
        services.AddIntegrationEvents(configuration, sp => sp.GetRequiredService<StorageAccount>().Events);
        services.AddSingleton<RoundCatalog>();
        services.AddSingleton<InstanceRunner>();
        services.AddSingleton<RoundService>();
        services.AddSingleton<Ticker>();
        services.AddSingleton<Dispatcher>();
        services.AddSingleton<Startup>();
        services.AddOptions<SignedLinkOptions>().Bind(configuration.GetSection(SignedLinkOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (FunctionsHostPort is null && string.IsNullOrWhiteSpace(configuration[$"{SendGridOptions.Section}:{nameof(SendGridOptions.ApiKey)}"]))
        {
            // Mail stays on this machine, so nobody else holds a link: a key made at start will do until the service stops.
            // Where mail really goes out, links must outlive a restart and work on every instance: a missing key stops the start.
            services.PostConfigure<SignedLinkOptions>(links =>
            {
                if (string.IsNullOrWhiteSpace(links.SigningKey))
                {
                    links.SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                }
            });
        }
        services.AddSingleton<LinkSigner>();
        services.AddSingleton<IMessageLinks, MessageLinks>();
        services.AddSingleton<DelegationStore>();
        services.AddSingleton<PlanDocuments>();
        services.AddSingleton<IDocumentScanner, NoDocumentScanner>();
        services.AddSingleton<LinkGate>();
        // Behind the Functions host every request arrives over loopback HTTP; people reach it over HTTPS only.
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = FunctionsHostPort is null ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        // One name on every instance, whatever folder it runs from, so a form one instance served another accepts.
        services.AddDataProtection().SetApplicationName("planning-round-workflow");
        services.AddOptions<KeyManagementOptions>().Configure<StorageAccount>((keys, account) => keys.XmlRepository = new TableXmlRepository(account));
        if (localTriggers)
        {
            services.AddSingleton<LocalTriggers>();
            services.AddHostedService(sp => sp.GetRequiredService<LocalTriggers>());
        }
        return services;
    }
}
