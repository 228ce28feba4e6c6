using System.Text.Json.Serialization;
using Workflow.Core.Instances;

namespace Workflow.Core.Integration;

/// <summary>
/// What other NHS systems are told about one instance: the content of one CloudEvent, whatever carries it.
/// <see cref="Id"/> names the instance event it reports, so a subscriber that sees it twice can drop the repeat.
/// </summary>
/// <param name="Region">The region the system belongs to, when the event happened.</param>
/// <param name="Stage">The instance's stage after the event.</param>
public sealed record PlanEvent(string Id, DateTimeOffset Time, InstanceId Instance, RegionCode Region, Stage Stage, PlanEventData Data)
{
    /// <summary>Reverse-DNS, so the types cannot clash with other publishers' on a shared topic.</summary>
    public const string TypePrefix = "uk.nhs.england.planning-round.";

    [JsonIgnore]
    public string Type => TypePrefix + Data.Type;

    /// <summary>The instance as a path: the round, then the system.</summary>
    [JsonIgnore]
    public string Source => $"/rounds/{Instance.Round}/systems/{Instance.System}";

    /// <summary>The system's code, for subscribers that follow only some systems.</summary>
    [JsonIgnore]
    public string Subject => Instance.System.Value;
}
