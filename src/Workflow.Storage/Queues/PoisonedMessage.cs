namespace Workflow.Storage;

/// <summary>
/// What the dispatcher puts on <c>outbox-poison</c>: the outbox row it gave up on and why. Its instance and row keep
/// it an outbox reference for whatever reads one; a message that named no row is kept in <see cref="Message"/>.
/// </summary>
public sealed record PoisonedMessage(string? Instance, string? Row, string Reason, DateTimeOffset At)
{
    /// <summary>The row's command id.</summary>
    public string? Id { get; init; }

    /// <summary>The row's tries by then.</summary>
    public int? Attempts { get; init; }

    /// <summary>The message received, when it was not an outbox reference.</summary>
    public string? Message { get; init; }
}
