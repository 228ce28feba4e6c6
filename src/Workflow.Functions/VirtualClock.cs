namespace Workflow.Functions;

/// <summary>
/// Time that starts where a round needs it and can be moved forward (never back), so a whole round can be
/// run on a laptop in minutes. Every part of the service reads time from here.
/// </summary>
public sealed class VirtualClock(DateTimeOffset start, double speed, TimeProvider real) : TimeProvider
{
    private readonly Lock _gate = new();

    // Where the clock was last set: at this real instant (and timestamp) it read this round instant. Time is counted
    // on from it, and orchestrations are given the same point, so a clock moved to 9:00 is 9:00 exactly for them too.
    private DateTimeOffset _setAtReal = real.GetUtcNow();
    private long _setAtTimestamp = real.GetTimestamp();
    private DateTimeOffset _setTo = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return ReadLocked();
        }
    }

    private DateTimeOffset ReadLocked() => _setTo + TimeSpan.FromTicks((long)(real.GetElapsedTime(_setAtTimestamp).Ticks * speed));

    /// <summary>
    /// How far a rehearsal can move the clock: far past any round, and far enough from the end of time that the clock,
    /// running on at its speed, cannot overflow while the service runs.
    /// </summary>
    public static DateTimeOffset Latest { get; } = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public double Speed => speed;

    /// <summary>
    /// The clock as orchestrations carry it: the real instant it was last set, the round instant it was set to, and the
    /// speed. They map the time of their own history with it, as this clock maps the machine's.
    /// </summary>
    public Workflow.Orchestration.RoundClock Mapping()
    {
        lock (_gate)
        {
            return new(_setAtReal, _setTo, speed);
        }
    }

    /// <summary>The clock's setting as stored, so a restart reads on from it.</summary>
    public Workflow.Storage.StoredClock Setting()
    {
        var mapping = Mapping();
        return new(mapping.RealStart, mapping.RoundStart, mapping.Speed);
    }

    /// <summary>
    /// Moves the clock on to where <paramref name="saved"/> reads now: the orchestrations follow that setting while the
    /// service is stopped, so a restarted service must too. A setting behind the configured start changes nothing.
    /// </summary>
    public void Resume(Workflow.Storage.StoredClock saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        AdvanceTo(new Workflow.Orchestration.RoundClock(saved.RealAt, saved.RoundAt, saved.Speed).ToRound(real.GetUtcNow().UtcDateTime));
    }

    /// <summary>Moves the clock forward to <paramref name="to"/>; false when that is not in the future, or not before <see cref="Latest"/>.</summary>
    public bool AdvanceTo(DateTimeOffset to)
    {
        if (to >= Latest)
        {
            return false;
        }
        lock (_gate)
        {
            if (to <= ReadLocked())
            {
                return false;
            }
            (_setAtReal, _setAtTimestamp, _setTo) = (real.GetUtcNow(), real.GetTimestamp(), to);
            return true;
        }
    }
}
