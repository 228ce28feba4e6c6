using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.Notifications.Events;

namespace Workflow.Notifications.Tests.Events;

public sealed class IntegrationEventsServiceCollectionExtensionsTests
{
    private static readonly QueueClient LocalQueue = new("UseDevelopmentStorage=true", "events");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AddIntegrationEvents_NoNamespace_PublishesToTheHostsQueue(string? serviceBusNamespace)
    {
        using var services = Build(new() { ["IntegrationEvents:ServiceBusNamespace"] = serviceBusNamespace });

        Assert.IsType<QueueIntegrationEventPublisher>(services.GetRequiredService<IIntegrationEventPublisher>());
        Assert.Equal("planning-events", services.GetRequiredService<IOptions<IntegrationEventOptions>>().Value.Topic);
    }

    [Fact]
    public async Task AddIntegrationEvents_Namespace_PublishesToTheTopicThere()
    {
        await using var services = Build(new() { ["IntegrationEvents:ServiceBusNamespace"] = "sb-planning.servicebus.windows.net" });

        Assert.IsType<ServiceBusIntegrationEventPublisher>(services.GetRequiredService<IIntegrationEventPublisher>());
        Assert.Equal("sb-planning.servicebus.windows.net", services.GetRequiredService<Azure.Messaging.ServiceBus.ServiceBusClient>().FullyQualifiedNamespace);
    }

    [Theory]
    [InlineData("IntegrationEvents:ServiceBusNamespace", "Endpoint=sb://sb-planning.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abc")]
    [InlineData("IntegrationEvents:ServiceBusNamespace", "sb-planning")]
    [InlineData("IntegrationEvents:Topic", "planning events")]
    public void AddIntegrationEvents_SettingMalformed_RefusedAtStart(string key, string value)
    {
        using var services = Build(new() { [key] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IntegrationEventOptions>>().Value);
        Assert.Contains(key, refused.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddIntegrationEvents(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), _ => LocalQueue)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
}
