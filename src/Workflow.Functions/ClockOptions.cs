namespace Workflow.Functions;

/// <summary>
/// A virtual clock for rehearsing and demonstrating a round: it starts at <see cref="Start"/> and runs
/// <see cref="Speed"/> times as fast as real time, and can be moved forward. Unset, the service uses real time.
/// </summary>
public sealed class ClockOptions
{
    public const string Section = "Clock";

    public DateTimeOffset? Start { get; set; }

    public double Speed { get; set; } = 1;
}
