using Azure.Storage.Queues;

namespace Workflow.Storage;

/// <summary>
/// Where integration events go for other NHS systems to subscribe. A storage queue here; Azure Service Bus
/// would be the usual choice, and would sit behind this one interface.
/// </summary>
public interface IIntegrationEventPublisher
{
    Task PublishAsync(string cloudEventJson, CancellationToken cancellationToken = default);
}

public sealed class QueueIntegrationEventPublisher(StorageAccount account) : IIntegrationEventPublisher
{
    private readonly QueueClient _queue = account.Events;

    public async Task PublishAsync(string cloudEventJson, CancellationToken cancellationToken = default) =>
        await _queue.SendMessageAsync(cloudEventJson, cancellationToken: cancellationToken);
}
