using System.Collections.Frozen;
using System.Collections.Immutable;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Simulation;

/// <summary>When a simulated person acts: never, at a fixed local time, or some working days from a due date.</summary>
public abstract record Timing;

public sealed record Never : Timing;

public sealed record AtTime(DateTime Local) : Timing;

/// <summary>Working days from the due date (negative is early), at a local time of day.</summary>
public sealed record FromDue(int WorkingDays, TimeOnly Time) : Timing;

/// <summary>Working days after the event that prompted the action (a submission, a notice).</summary>
public sealed record AfterEvent(int WorkingDays, TimeOnly Time);

public sealed record ScriptedDecision(Outcome? Outcome, AfterEvent After, string Comment);

public sealed record ScriptedFootprintNotice(DateTime At, NoticeSource Source, string From, string Summary, AfterEvent? Acknowledged);

public sealed record ScriptedExtension(DateTime GrantedAt, Milestone Milestone, DateTime NewDue, string Reason, string GrantedBy);

/// <summary>A suspension from <see cref="From"/> to <see cref="To"/>; without an end it lasts to the end of the replay.</summary>
public sealed record ScriptedSuspension(DateTime From, DateTime? To, string Reason)
{
    /// <summary>Whether the two are in force at one moment: one starts before the other ends (an open end never comes).</summary>
    public bool Overlaps(ScriptedSuspension other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return (To is not { } end || other.From < end) && (other.To is not { } otherEnd || From < otherEnd);
    }
}

/// <summary>How one system and its regional director behave in a simulated round.</summary>
public sealed record SystemBehaviour
{
    public Timing Draft { get; init; } = new FromDue(0, new TimeOnly(12, 0));

    public AfterEvent? RegionalFeedback { get; init; }

    public Timing PeerFeedback { get; init; } = new Never();

    public Timing Final { get; init; } = new FromDue(0, new TimeOnly(12, 0));

    /// <summary>The director's decisions on plan versions 1, 2, …; the last one repeats.</summary>
    public ImmutableArray<ScriptedDecision> Decisions { get; init; } = [new(Outcome.Agreed, new AfterEvent(5, new TimeOnly(16, 0)), "")];

    public Timing Resubmission { get; init; } = new FromDue(0, new TimeOnly(12, 0));

    public Timing Publication { get; init; } = new FromDue(0, new TimeOnly(12, 0));

    public ImmutableArray<ScriptedFootprintNotice> FootprintNotices { get; init; } = [];

    public ImmutableArray<ScriptedExtension> Extensions { get; init; } = [];

    public ImmutableArray<ScriptedSuspension> Suspensions { get; init; } = [];

    public (DateTime At, string Reason)? Withdrawal { get; init; }
}

/// <summary>A round-wide change of due dates and holds, applied to every running instance at <see cref="At"/>.</summary>
public sealed record ScriptedTimetableChange(DateTime At, FrozenDictionary<Milestone, DateTime> Due)
{
    /// <summary>Holds the change puts on relative milestones, each replacing any the round had on the milestone (for that system).</summary>
    public ImmutableArray<ScriptedHold> Holds { get; init; } = [];
}

/// <summary>A hold a timetable change puts on a relative milestone: round-wide, or for <see cref="System"/> alone.</summary>
public sealed record ScriptedHold(Milestone Milestone, SystemCode? System, MilestoneHold Hold);

/// <summary>A what-if for a whole round: default behaviour, each system's differences, and round-wide events.</summary>
public sealed record Scenario(
    RoundId Round,
    string Title,
    SystemBehaviour Defaults,
    FrozenDictionary<SystemCode, SystemBehaviour> Systems,
    DateTime? PeerPairingAt,
    ImmutableArray<ScriptedTimetableChange> TimetableChanges)
{
    /// <summary>
    /// Round-wide suspensions, in order: each suspends every system that is neither withdrawn nor suspended on its own
    /// at its start, and resumes at its end the systems it suspended.
    /// </summary>
    public ImmutableArray<ScriptedSuspension> Suspensions { get; init; } = [];

    public SystemBehaviour For(SystemCode system) => Systems.GetValueOrDefault(system, Defaults);
}
