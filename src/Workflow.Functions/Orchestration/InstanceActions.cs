using Microsoft.DurableTask.Client;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Orchestration;

/// <summary>
/// What the national and regional teams do to one instance, whether from the API or a form on the system's page: the
/// event each action records, and the one way it reaches the orchestration, so both paths are checked and applied alike.
/// </summary>
public sealed class InstanceActions(RoundCatalog catalog, PlanningClient planning)
{
    /// <summary>Raises the event on the instance; null when the round itself is unknown.</summary>
    public async Task<RaiseResult?> RaiseAsync(
        DurableTaskClient client, InstanceId id, string eventId, Func<InstanceState, DateTimeOffset, InstanceEvent> build, CancellationToken cancellationToken = default)
    {
        if (await catalog.GetAsync(id.Round, cancellationToken: cancellationToken) is null)
        {
            return null;
        }
        return await planning.RaiseAsync(client, id, eventId, build, cancellationToken);
    }

    /// <summary>Raises each event on its instance, all of one round; null when the round itself is unknown.</summary>
    public async Task<IReadOnlyList<RaiseResult>?> RaiseEachAsync(
        DurableTaskClient client, RoundId round, IReadOnlyList<(InstanceId Id, string EventId, Func<InstanceState, DateTimeOffset, InstanceEvent> Build)> events,
        CancellationToken cancellationToken = default)
    {
        if (await catalog.GetAsync(round, cancellationToken: cancellationToken) is null)
        {
            return null;
        }
        return await planning.RaiseEachAsync(client, events, cancellationToken);
    }

    /// <summary>The event an operation on an instance records, by its exact name; null for any other name.</summary>
    public static Func<DateTimeOffset, string, string, InstanceEvent>? Operation(string name) => name switch
    {
        "suspend" => (now, by, reason) => new Suspended(now, by, reason),
        "resume" => (now, by, _) => new Resumed(now, by),
        "terminate" => (now, by, reason) => new Withdrawn(now, by, reason),
        "restart" => (now, by, reason) => new Restarted(now, by, reason),
        _ => null,
    };

    /// <param name="newDue">England time to the minute, as round files give dates.</param>
    public static Func<InstanceState, DateTimeOffset, InstanceEvent> Extension(Milestone milestone, DateTime newDue, string reason, string grantedBy) =>
        (_, now) => new DeadlineExtended(now, milestone, newDue, reason, grantedBy);

    /// <summary>Sends a message that failed past its retries again, to those of its recipients who have not had it.</summary>
    public static Func<InstanceState, DateTimeOffset, InstanceEvent> Resend(string commandId, string by) =>
        (_, now) => new ResendRequested(now, commandId, by);
}
