using Workflow.Core.Instances;

namespace Workflow.Orchestration;

/// <summary>
/// What is raised on an instance. <see cref="Id"/> names the happening, not the delivery: events are delivered at
/// least once, and the orchestration applies an id once. A signed link's nonce is its event's id, so racing posts of
/// one link record one decision. Exactly one of <see cref="Event"/> and <see cref="Clock"/> is set.
/// </summary>
public sealed record PlanningEvent(string Id, InstanceEvent? Event = null, RoundClock? Clock = null)
{
    /// <summary>The name every event is raised under, so the orchestration waits on one thing beside its timer.</summary>
    public const string Name = "planning-event";
}
