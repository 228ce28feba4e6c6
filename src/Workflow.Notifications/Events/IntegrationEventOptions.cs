namespace Workflow.Notifications.Events;

/// <summary>Where integration events go: a Service Bus topic when a namespace is named, else the host's storage queue.</summary>
public sealed class IntegrationEventOptions
{
    public const string Section = "IntegrationEvents";

    /// <summary>
    /// The Service Bus namespace's host name, <c>{name}.servicebus.windows.net</c>, reached with the identity
    /// <c>DefaultAzureCredential</c> finds (the app's managed identity in Azure), so no key is kept anywhere.
    /// </summary>
    public string? ServiceBusNamespace { get; set; }

    public string Topic { get; set; } = "planning-events";
}
