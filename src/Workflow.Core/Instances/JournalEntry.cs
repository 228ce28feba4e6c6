namespace Workflow.Core.Instances;

/// <summary>
/// One line of an instance's journal: an event applied (with the state version it made) or an event refused (with
/// why). Keyed by version or by the refused event's id, so writing a line twice leaves one.
/// </summary>
public sealed record JournalEntry(InstanceEvent Event, int Version, string? EventId = null, string? Refusal = null);
