using System.Text.RegularExpressions;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Workflow.Notifications.Events;

public static partial class IntegrationEventsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IIntegrationEventPublisher"/>: the Service Bus topic when
    /// <c>IntegrationEvents:ServiceBusNamespace</c> is set, else <paramref name="localQueue"/>, a queue the host
    /// keeps in its own storage.
    /// </summary>
    public static IServiceCollection AddIntegrationEvents(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, QueueClient> localQueue)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(localQueue);
        services.AddOptions<IntegrationEventOptions>().Bind(configuration.GetSection(IntegrationEventOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.ServiceBusNamespace) || NamespacePattern().IsMatch(o.ServiceBusNamespace),
                "IntegrationEvents:ServiceBusNamespace must be the namespace's host name, such as planning.servicebus.windows.net, not a connection string.")
            .Validate(o => EntityPattern().IsMatch(o.Topic ?? ""), "IntegrationEvents:Topic must be a Service Bus topic name.")
            .ValidateOnStart();
        if (string.IsNullOrWhiteSpace(configuration[$"{IntegrationEventOptions.Section}:{nameof(IntegrationEventOptions.ServiceBusNamespace)}"]))
        {
            services.AddSingleton<IIntegrationEventPublisher>(sp => new QueueIntegrationEventPublisher(localQueue(sp)));
        }
        else
        {
            // One client for the app's life: it holds the AMQP connection, and the container disposes it at shutdown.
            services.AddSingleton(sp => new ServiceBusClient(sp.GetRequiredService<IOptions<IntegrationEventOptions>>().Value.ServiceBusNamespace, new DefaultAzureCredential()));
            services.AddSingleton<IIntegrationEventPublisher>(sp => new ServiceBusIntegrationEventPublisher(
                sp.GetRequiredService<ServiceBusClient>().CreateSender(sp.GetRequiredService<IOptions<IntegrationEventOptions>>().Value.Topic)));
        }
        return services;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9](\.[A-Za-z0-9-]+)+$")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,259}$")]
    private static partial Regex EntityPattern();
}
