using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Workflow.Storage.Json;

namespace Workflow.Storage;

/// <summary>A received outbox message: what it points at, and how to settle it.</summary>
public sealed record OutboxDelivery(OutboxReference Reference, string MessageId, string PopReceipt, long DequeueCount, string Text);

/// <summary>The <c>outbox</c> queue and its poison queue. Messages are plain JSON text (host.json: messageEncoding none).</summary>
public sealed class OutboxQueue(StorageAccount account)
{
    private readonly QueueClient _queue = account.Outbox;
    private readonly QueueClient _poison = account.OutboxPoison;

    public static string Serialize(OutboxReference reference) => JsonSerializer.Serialize(reference, StorageJson.Default.OutboxReference);

    /// <summary>Reads a message body; null when it is not an outbox reference.</summary>
    public static OutboxReference? Deserialize(string text)
    {
        try
        {
            var reference = JsonSerializer.Deserialize(text, StorageJson.Default.OutboxReference);
            return reference is { Instance: not null, Row: not null } ? reference : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task EnqueueAsync(OutboxReference reference, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        await _queue.SendMessageAsync(Serialize(reference), delay, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<OutboxDelivery>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        QueueMessage[] messages = await _queue.ReceiveMessagesAsync(max, visibility, cancellationToken);
        return [.. messages.Select(m => new OutboxDelivery(
            Deserialize(m.MessageText) ?? new OutboxReference("", ""), m.MessageId, m.PopReceipt, m.DequeueCount, m.MessageText))];
    }

    public async Task CompleteAsync(OutboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await _queue.DeleteMessageAsync(delivery.MessageId, delivery.PopReceipt, cancellationToken);
    }

    /// <summary>Shows the message again after <paramref name="delay"/>, as the Functions host does after a failed invocation.</summary>
    public async Task RetryAsync(OutboxDelivery delivery, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await _queue.UpdateMessageAsync(delivery.MessageId, delivery.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);
    }

    /// <summary>Moves a message that keeps failing to <c>outbox-poison</c>, as the Functions host does.</summary>
    public async Task PoisonAsync(OutboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await _poison.SendMessageAsync(delivery.Text, cancellationToken: cancellationToken);
        await _queue.DeleteMessageAsync(delivery.MessageId, delivery.PopReceipt, cancellationToken);
    }

    /// <summary>Puts what a dispatcher gave up on, and why, on the poison queue.</summary>
    public async Task PoisonAsync(PoisonedMessage poisoned, CancellationToken cancellationToken = default) =>
        await _poison.SendMessageAsync(JsonSerializer.Serialize(poisoned, StorageJson.Default.PoisonedMessage), cancellationToken: cancellationToken);

    /// <summary>
    /// Reads a poison queue message as the dispatcher wrote it; null for one with no reason in it, which the queue
    /// moved there as it was after the message's deliveries kept failing.
    /// </summary>
    public static PoisonedMessage? ReadPoisoned(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, StorageJson.Default.PoisonedMessage) is { Reason: not null } poisoned ? poisoned : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string>> PeekPoisonAsync(int max = 32, CancellationToken cancellationToken = default)
    {
        PeekedMessage[] messages = await _poison.PeekMessagesAsync(max, cancellationToken);
        return [.. messages.Select(m => m.MessageText)];
    }
}
