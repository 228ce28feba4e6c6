using System.Text.Json;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Core.Rounds;
using Workflow.Notifications;
using Workflow.Storage.Instances;

namespace Workflow.Functions.Durable;

/// <summary>Turns a command into the outbox item that sends it, with its recipients resolved now, and an integration event into the item that publishes it.</summary>
internal static class Outbound
{
    /// <param name="actingDeputies">Deputies the region's director has handed decisions to for now: they get what the director gets.</param>
    /// <param name="actingDeputies">Deputies the region's director has handed decisions to for now: they get what the director gets.</param>
    public static OutboxItem Message(Command command, InstanceState state, Round round, SystemDirectory directory, IReadOnlyCollection<Contact>? actingDeputies = null) =>
        new(command.Id, OutboxKind.Message, JsonSerializer.Serialize(
            OutboundMessages.Compose(command, state.Id, state.Region, state.Peer, round, directory, actingDeputies ?? []), NotificationJson.Default.OutboundMessage));

    public static OutboundMessage ReadMessage(OutboxItem item) =>
        JsonSerializer.Deserialize(item.Payload, NotificationJson.Default.OutboundMessage)
        ?? throw new JsonException($"Outbox item {item.Id} holds no message.");

    /// <summary>The event's id is the item's, so a repeat delivery is the same item, and a published repeat the same event.</summary>
    public static OutboxItem Event(PlanEvent planEvent) =>
        new(planEvent.Id, OutboxKind.IntegrationEvent, JsonSerializer.Serialize(planEvent, NotificationJson.Default.PlanEvent));

    public static PlanEvent ReadEvent(OutboxItem item) =>
        JsonSerializer.Deserialize(item.Payload, NotificationJson.Default.PlanEvent)
        ?? throw new JsonException($"Outbox item {item.Id} holds no integration event.");
}
