using System.Text.Json;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Durable;
using Workflow.Storage;
using Workflow.Storage.Instances;
using Workflow.Storage.Json;

namespace Workflow.Functions.Api;

internal static class Views
{
    public static string Kebab<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static RoundView Of(Round round) => new(
        round.Id.Value,
        round.Version,
        round.Definition.Title,
        round.OpensAt,
        [.. round.Definition.Milestones.Values.OrderBy(m => m.Id).Select(m => new MilestoneView(
            m.Id.Name(),
            m.Title,
            m.Deadline is FixedDeadline ? round.FixedDue(m.Id) : null,
            (m.Deadline as RelativeDeadline)?.WorkingDays,
            m.Optional))]);

    /// <param name="outbox">The instance's outbox, so that each message in the history says whether it went out.</param>
    public static InstanceView Of(
        InstanceState state, Round round, SystemDirectory directory, DateTimeOffset now, IReadOnlyList<StoredEvent>? history, IReadOnlyList<OutboxItem>? outbox = null)
    {
        var messages = (outbox ?? []).Where(o => o.Kind == OutboxKind.Message).ToDictionary(o => o.Id, StringComparer.Ordinal);
        var status = InstanceStatus.Of(state, round, now);
        directory.TryGetSystem(state.Id.System, out var system);
        return new InstanceView(
            state.Id.ToString(), state.Id.Round.Value, state.Id.System.Value, system?.Name ?? "", state.Region.Value,
            Kebab(state.Stage), state.IsSuspended, state.WithdrawnAt is not null, state.PlanVersion, state.Version, state.RoundVersion,
            state.Peer?.Value, status.NextMilestone, status.NextDue, status.IsOverdueAt(now), Kebab(status.Escalation),
            state.Completed.OrderBy(p => p.Value).ToDictionary(p => p.Key.ToString(), p => p.Value),
            history?.Select(e => new EventView(e.Sequence, e.Event.GetType().Name, e.Event.At, JsonSerializer.SerializeToElement(e.Event, StorageJson.Default.InstanceEvent),
                e.Event is CommandIssued issued && messages.TryGetValue(issued.Command.Id, out var message) ? Delivery(message) : null)).ToList());
    }

    private static DeliveryView Delivery(OutboxItem message)
    {
        var sent = Outbound.ReadMessage(message);
        return new DeliveryView(Kebab(message.Status), [.. sent.To.Concat(sent.Copy).Select(r => r.Email)], message.Attempts, message.SentAt, message.Error);
    }

    /// <summary>
    /// A poison queue message with why it is there: the dispatcher's reason, or for a message the queue moved there after
    /// its deliveries kept failing (it holds none), the row's last error.
    /// </summary>
    public static PoisonedView Poisoned(string text, OutboxReference? reference, OutboxItem? row, int maxDequeueCount)
    {
        var poisoned = OutboxQueue.ReadPoisoned(text);
        var reason = poisoned?.Reason
            ?? $"Its queue message failed {maxDequeueCount} deliveries" + (row?.Error is { } error ? $"; the last try failed: {error}" : ".");
        return new PoisonedView(
            reference?.Instance, row?.Id ?? poisoned?.Id, reason, poisoned?.At, row is null ? null : Kebab(row.Status), row?.Attempts ?? poisoned?.Attempts, text);
    }

    public static StatusView Of(InstanceStatus status, SystemDirectory directory, DateTimeOffset now)
    {
        directory.TryGetSystem(status.Instance.System, out var system);
        return new StatusView(
            status.Instance.Round.Value, status.Instance.System.Value, system?.Name ?? "", status.Region.Value, Kebab(status.Stage),
            status.Suspended, status.PlanVersion, status.NextMilestone, status.NextDue, status.IsOverdueAt(now), Kebab(status.Escalation),
            status.EscalatedMilestone, status.Version, status.UpdatedAt);
    }
}
