using System.Security.Cryptography;
using System.Text;
using Azure;

namespace Workflow.Storage.Instances;

public enum OutboxKind
{
    /// <summary>A command from the state machine: a message to people.</summary>
    Message,

    /// <summary>A CloudEvent for other systems.</summary>
    IntegrationEvent,
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// Work committed with the state change that caused it, in the instance's partition, so it is never lost;
/// the dispatcher sends it at least once and marks it, and <see cref="Id"/> is the idempotency key.
/// </summary>
public sealed record OutboxItem(string Id, OutboxKind Kind, string Payload)
{
    public string Row => RowFor(Id);

    public OutboxStatus Status { get; init; } = OutboxStatus.Pending;

    public int Attempts { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Until when a dispatcher holds the item to send it; another delivery of the same item meanwhile leaves it alone.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>When the item may be tried again after a failed try; a delivery before then puts its message back until then.</summary>
    public DateTimeOffset? NextTryAt { get; init; }

    /// <summary>When the change that owes this item was committed, by the service's clock.</summary>
    public DateTimeOffset? CommittedAt { get; init; }

    public ETag ETag { get; init; }

    /// <summary>Command ids hold characters a row key may not, so the row key is a hash of the id.</summary>
    public static string RowFor(string id) => "o-" + KeyHash(id);

    /// <summary>Text that may hold characters a row key may not, as row-key characters.</summary>
    internal static string KeyHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
}
