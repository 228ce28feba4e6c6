using System.Collections.Immutable;
using System.Text.Json;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.Tests.Support;

/// <summary>
/// Builds an outbound message as the host would resolve it: a real command for Humber, Coast and Vale in the 2019/20
/// round, with people for its roles and the contacts the host gives (the national team for a director, else the director).
/// </summary>
internal sealed record MessageBuilder(MessageKind Kind, Milestone? Milestone, DateTimeOffset At, DateTimeOffset? Due = null)
{
    public static readonly InstanceId Instance = new(new RoundId("2019-20"), new SystemCode("E54000006"));

    public string SystemName { get; init; } = "Humber, Coast and Vale";

    public string RegionName { get; init; } = "North East and Yorkshire";

    public string? PeerName { get; init; } = "West Yorkshire and Harrogate";

    public ImmutableArray<Role> To { get; init; } = [Role.Pmo];

    public ImmutableArray<Role> Copy { get; init; } = [];

    public int Cycle { get; init; }

    public int PlanVersion { get; init; }

    public string? Detail { get; init; }

    /// <summary>A deterministic id in the shape the core gives: instance, milestone, rule, due date.</summary>
    public string? Id { get; init; }

    public Func<Role, Recipient> Person { get; init; } = People.For;

    /// <summary>The link a new-link message carries.</summary>
    public GrantedLink? Link { get; init; }

    public OutboundMessage Build()
    {
        var rule = JsonNamingPolicy.KebabCaseLower.ConvertName(Kind.ToString());
        var id = Id ?? $"{Instance}/{Milestone?.Name() ?? "round"}/{rule}@{(Due ?? At).UtcDateTime:yyyyMMdd'T'HHmm}";
        var command = new Command(id, At, Kind, Milestone, Cycle, Due, To, Copy, PlanVersion, Detail);
        return new OutboundMessage(Instance, SystemName, RegionName, Round2019.Round.Definition.Title, command, [.. To.Select(Person)], [.. Copy.Select(Person)])
        {
            MilestoneTitle = Milestone is { } milestone && Round2019.Round.Has(milestone) ? Round2019.Round.Definition[milestone].Title : null,
            PeerName = PeerName,
            Contacts = To.Contains(Role.RegionalDirector) ? [People.National] : [People.Director],
            Link = Link,
        };
    }
}
