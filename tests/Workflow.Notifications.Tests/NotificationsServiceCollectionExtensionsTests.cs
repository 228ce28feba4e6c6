using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Workflow.Notifications.SendGrid;
using Workflow.Notifications.Templates;

namespace Workflow.Notifications.Tests;

public sealed class NotificationsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddNotifications_NoApiKey_SendsToTheLocalMailDrop()
    {
        using var services = Build(new() { ["MailDrop:Folder"] = "mail-here" });

        var sender = Assert.IsType<LocalMailDrop>(services.GetRequiredService<IMessageSender>());
        Assert.Equal(Path.GetFullPath("mail-here"), sender.Folder);
        Assert.Equal(sender.Folder, services.GetRequiredService<MailDropReader>().Folder);
        Assert.Same(NoMessageLinks.Instance, services.GetRequiredService<IMessageLinks>());
    }

    [Fact]
    public void AddNotifications_ApiKey_SendsThroughSendGridWithTheHostsDeliveryLog()
    {
        var log = Mock.Of<IDeliveryLog>();

        using var services = Build(new() { ["SendGrid:ApiKey"] = "SG.key", ["SendGrid:FromEmail"] = "planning@england.nhs.uk" }, new ServiceCollection().AddSingleton(log));

        Assert.IsType<SendGridSender>(services.GetRequiredService<IMessageSender>());
        Assert.Same(log, services.GetRequiredService<IDeliveryLog>());
    }

    [Fact]
    public void AddNotifications_HostsOwnLinks_AreUsed()
    {
        var links = Mock.Of<IMessageLinks>();
        var collection = new ServiceCollection().AddSingleton(links);

        using var services = Build([], collection);

        Assert.Same(links, services.GetRequiredService<IMessageLinks>());
        Assert.NotNull(services.GetRequiredService<MessageRenderer>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, IServiceCollection? services = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return (services ?? new ServiceCollection())
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddNotifications(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
