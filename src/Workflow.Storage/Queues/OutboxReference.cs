namespace Workflow.Storage;

/// <summary>The queue message that points the dispatcher at one outbox row.</summary>
public sealed record OutboxReference(string Instance, string Row);
