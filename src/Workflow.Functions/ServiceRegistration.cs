using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;
using Workflow.Notifications;
using Workflow.Notifications.Events;
using Workflow.Notifications.Links;
using Workflow.Notifications.SendGrid;
using Workflow.Storage;
using Workflow.Storage.Directory;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;

namespace Workflow.Functions;

public static class ServiceRegistration
{
    /// <summary>
    /// Everything the functions use, whichever host runs them: stores, senders, links, the clock. Only the Durable Task
    /// client is the host's: the Functions host binds it to each call, the local host registers one.
    /// </summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        // First of the service's hosted services, so storage is ready before anything else of it starts.
        services.AddHostedService<StorageStart>();
        services.AddSingleton<ContactsRefresh>();
        services.AddHostedService(provider => provider.GetRequiredService<ContactsRefresh>());
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClockOptions>().Bind(configuration.GetSection(ClockOptions.Section));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, Api.ApiJson.Default);
            // The context's own converters serve only its own options; responses are written with these.
            json.SerializerOptions.Converters.Add(new Api.OffsetInstantConverter());
        });

        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<IOptions<ClockOptions>>().Value is { Start: { } start } clock
            ? new VirtualClock(start, clock.Speed, TimeProvider.System)
            : TimeProvider.System);
        services.AddSingleton(sp => new StorageAccount(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton(sp => ReferenceData.Load(sp.GetRequiredService<IOptions<WorkflowOptions>>()));
        services.AddSingleton<StatusStore>();
        services.AddSingleton<RoundStore>();
        services.AddSingleton<DirectoryStore>();
        services.AddSingleton<ClockStore>();
        services.AddSingleton<RoundSuspensionStore>();
        services.AddNotifications(configuration);
        services.AddPlanningOrchestration();
        services.AddIntegrationEvents(configuration, sp => sp.GetRequiredService<StorageAccount>().Events);
        services.AddSingleton<RoundCatalog>();
        services.AddSingleton<RoundService>();
        services.AddSingleton<RoundLoader>();
        services.AddSingleton<RoundForecasts>();
        services.AddOptions<SignedLinkOptions>().Bind(configuration.GetSection(SignedLinkOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var mailStaysHere = string.IsNullOrWhiteSpace(configuration[$"{SendGridOptions.Section}:{nameof(SendGridOptions.ApiKey)}"]);
        if (mailStaysHere)
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
        services.AddSingleton<PageRenderer>();
        services.AddSingleton<Exports.CalendarFeeds>();
        services.AddOptions<SignIn.SignInOptions>().Bind(configuration.GetSection(SignIn.SignInOptions.Section));
        services.AddSingleton<SignIn.SignInCookie>();
        services.AddSingleton<SignIn.SignedIn>();
        services.AddSingleton<SignIn.Access>();
        services.AddSingleton<Workflow.Storage.Links.LinkRequestStore>();
        services.AddSingleton<Links.LinkMail>();
        services.AddSingleton<Links.LinkReissue>();
        services.AddSingleton<Api.StatusPages>();
        // People reach the service over HTTPS only when mail really goes out; locally it is plain HTTP on loopback.
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = mailStaysHere ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        // One name on every instance, whatever folder it runs from, so a form one instance served another accepts.
        services.AddDataProtection().SetApplicationName("planning-round-workflow");
        services.AddOptions<KeyManagementOptions>().Configure<StorageAccount>((keys, account) => keys.XmlRepository = new TableXmlRepository(account));
        return services;
    }
}
