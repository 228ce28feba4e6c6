namespace Workflow.Core.Calendar;

/// <summary>
/// One deadline feed of a round: a system's milestones, or a region's (every milestone of each of its systems).
/// <see cref="Scope"/> is the system's or the region's code, which never look alike (E54… and E40…).
/// </summary>
public sealed record CalendarFeed
{
    private CalendarFeed(RoundId round, string scope)
    {
        Round = round;
        Scope = scope;
    }

    public RoundId Round { get; }

    public string Scope { get; }

    /// <summary>The system whose feed this is; null for a region's.</summary>
    public SystemCode? System => SystemCode.IsWellFormed(Scope) ? new SystemCode(Scope) : null;

    /// <summary>The region whose feed this is; null for a system's.</summary>
    public RegionCode? Region => RegionCode.IsWellFormed(Scope) ? new RegionCode(Scope) : null;

    public static CalendarFeed Of(RoundId round, SystemCode system) => new(round, system.Value);

    public static CalendarFeed Of(RoundId round, RegionCode region) => new(round, region.Value);

    /// <summary>The feed a round and a code name; null when the code is neither a system's nor a region's.</summary>
    public static CalendarFeed? Parse(RoundId round, string? scope) =>
        SystemCode.IsWellFormed(scope) || RegionCode.IsWellFormed(scope) ? new CalendarFeed(round, scope!) : null;
}
