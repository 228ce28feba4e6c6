namespace Workflow.Orchestration;

/// <summary>
/// Maps real time to round time for a local run whose clock runs faster than real time, or has been moved on.
/// Carried in the orchestration's input, and changed by an event, so the orchestration never reads a clock: the
/// same history replays to the same instants. In Azure there is no mapping and round time is real time.
/// </summary>
public sealed record RoundClock(DateTimeOffset RealStart, DateTimeOffset RoundStart, double Speed)
{
    public DateTimeOffset ToRound(DateTime realUtc) =>
        RoundStart + TimeSpan.FromTicks((long)((new DateTimeOffset(realUtc, TimeSpan.Zero) - RealStart).Ticks * Speed));

    /// <summary>The real instant at which round time reaches <paramref name="roundTime"/>; never before the mapping began.</summary>
    public DateTime ToReal(DateTimeOffset roundTime) => roundTime <= RoundStart
        ? RealStart.UtcDateTime
        : (RealStart + TimeSpan.FromTicks((long)((roundTime - RoundStart).Ticks / Speed))).UtcDateTime;
}
