using System.Collections.Frozen;

namespace Workflow.Core.Rounds;

/// <summary>The milestones a round can hold. Their dates and rules are data; what each means to the state machine is code.</summary>
public enum Milestone
{
    Footprint,
    FootprintAcknowledgement,
    Draft,
    PeerReview,
    Final,
    Agreement,
    Resubmission,
    Publication,
    NationalPlan,
}

/// <summary>Who is asked to act on a message, resolved to people by the directory.</summary>
public enum Role
{
    Pmo,
    PeerPmo,
    RegionalDirector,
    National,
}

public static class Milestones
{
    private static readonly FrozenDictionary<Milestone, string> Names = new Dictionary<Milestone, string>
    {
        [Milestone.Footprint] = "footprint",
        [Milestone.FootprintAcknowledgement] = "footprint-acknowledgement",
        [Milestone.Draft] = "draft",
        [Milestone.PeerReview] = "peer-review",
        [Milestone.Final] = "final",
        [Milestone.Agreement] = "agreement",
        [Milestone.Resubmission] = "resubmission",
        [Milestone.Publication] = "publication",
        [Milestone.NationalPlan] = "national-plan",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Milestone> ByName =
        Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static IEnumerable<string> AllNames => Names.Values;

    /// <summary>The milestone's name in round files, reports and URLs.</summary>
    public static string Name(this Milestone milestone) => Names[milestone];

    public static bool TryParse(string? name, out Milestone milestone) =>
        ByName.TryGetValue(name ?? "", out milestone);

    /// <summary>Relative milestones fall due a number of working days after the event that opens them.</summary>
    public static bool IsRelative(this Milestone milestone) => milestone is
        Milestone.FootprintAcknowledgement or Milestone.Agreement or Milestone.Resubmission or Milestone.Publication;

    /// <summary>Who is expected to act for the milestone to be met.</summary>
    public static Role Owner(this Milestone milestone) => milestone switch
    {
        Milestone.FootprintAcknowledgement or Milestone.Agreement => Role.RegionalDirector,
        Milestone.PeerReview => Role.PeerPmo,
        Milestone.NationalPlan => Role.National,
        _ => Role.Pmo,
    };
}
