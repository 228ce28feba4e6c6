using System.Collections.Immutable;
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
    public static OutboxItem Message(Command command, InstanceState state, Round round, SystemDirectory directory, IReadOnlyCollection<Contact>? actingDeputies = null)
    {
        directory.TryGetSystem(state.Id.System, out var system);
        ImmutableArray<Recipient> Resolve(IEnumerable<Role> roles) =>
            [.. roles.SelectMany(role => directory.Resolve(role, state.Id.System, state.Peer)
                .Concat(role == Role.RegionalDirector ? actingDeputies ?? [] : [])
                .Select(c => new Recipient(role, c.Name, c.Email)))];
        var regionName = directory.Regions.FirstOrDefault(r => r.Code == state.Region)?.Name ?? state.Region.Value;
        var peerName = state.Peer is { } peer && directory.TryGetSystem(peer, out var peerSystem) ? peerSystem.Name : state.Peer?.Value;
        var contacts = command.To.Contains(Role.RegionalDirector) ? Resolve([Role.National]) : Resolve([Role.RegionalDirector]);
        var message = new OutboundMessage(state.Id, system?.Name ?? state.Id.System.Value, regionName, round.Definition.Title, command, Resolve(command.To), Resolve(command.Copy))
        {
            MilestoneTitle = command.Milestone is { } milestone && round.Has(milestone) ? round.Definition[milestone].Title : null,
            PeerName = peerName,
            Contacts = contacts,
        };
        return new OutboxItem(command.Id, OutboxKind.Message, JsonSerializer.Serialize(message, NotificationJson.Default.OutboundMessage));
    }

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
