using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using global::SendGrid;
using Workflow.Notifications.SendGrid;
using Workflow.Notifications.Templates;

namespace Workflow.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the renderer and the sender: SendGrid when <c>SendGrid:ApiKey</c> is set, else the local mail drop
    /// (<c>MailDrop:Folder</c>), whose files <see cref="MailDropReader"/> reads back. Register the host's
    /// <see cref="IMessageLinks"/> too; until then nobody gets a link. SendGrid needs the host's
    /// <see cref="IDeliveryLog"/>, kept in its storage, since only storage outlives the process.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MailDropOptions>().Bind(configuration.GetSection(MailDropOptions.Section));
        services.AddOptions<SendGridOptions>().Bind(configuration.GetSection(SendGridOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.ApiKey) || o.FromEmail.Contains('@', StringComparison.Ordinal),
                "SendGrid:FromEmail must be a verified sender address when SendGrid:ApiKey is set.")
            .Validate(o => string.IsNullOrWhiteSpace(o.EventWebhookPublicKey) || EventWebhookSignature.IsKey(o.EventWebhookPublicKey),
                "SendGrid:EventWebhookPublicKey must be the event webhook's verification key as SendGrid shows it (base64 SubjectPublicKeyInfo).")
            .ValidateOnStart();
        services.TryAddSingleton<IMessageLinks>(NoMessageLinks.Instance);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MessageRenderer>();
        services.TryAddSingleton<MailDropReader>();
        if (string.IsNullOrWhiteSpace(configuration[$"{SendGridOptions.Section}:{nameof(SendGridOptions.ApiKey)}"]))
        {
            services.AddSingleton<IMessageSender, LocalMailDrop>();
        }
        else
        {
            services.TryAddSingleton<ISendGridClient>(sp =>
                new SendGridClient(new SendGridClientOptions { ApiKey = sp.GetRequiredService<IOptions<SendGridOptions>>().Value.ApiKey }));
            services.AddSingleton<IMessageSender, SendGridSender>();
        }
        return services;
    }
}
