using System.Collections.Immutable;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications;

/// <summary>Turns a command into the message that says it, with its recipients resolved from the directory.</summary>
public static class OutboundMessages
{
    /// <param name="actingDeputies">Deputies the region's director has handed decisions to at the command's time: they get what the director gets.</param>
    public static OutboundMessage Compose(
        Command command, InstanceId instance, RegionCode region, SystemCode? peer, Round round, SystemDirectory directory, IReadOnlyCollection<Contact> actingDeputies)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(directory);
        directory.TryGetSystem(instance.System, out var system);
        ImmutableArray<Recipient> Resolve(IEnumerable<Role> roles) =>
            [.. roles.SelectMany(role => directory.Resolve(role, instance.System, peer)
                .Concat(role == Role.RegionalDirector ? actingDeputies : [])
                .Select(c => new Recipient(role, c.Name, c.Email)))];
        var regionName = directory.Regions.FirstOrDefault(r => r.Code == region)?.Name ?? region.Value;
        var peerName = peer is { } code && directory.TryGetSystem(code, out var peerSystem) ? peerSystem.Name : peer?.Value;
        var contacts = command.To.Contains(Role.RegionalDirector) ? Resolve([Role.National]) : Resolve([Role.RegionalDirector]);
        return new OutboundMessage(instance, system?.Name ?? instance.System.Value, regionName, round.Definition.Title, command, Resolve(command.To), Resolve(command.Copy))
        {
            MilestoneTitle = command.Milestone is { } milestone && round.Has(milestone) ? round.Definition[milestone].Title : null,
            PeerName = peerName,
            Contacts = contacts,
        };
    }
}
