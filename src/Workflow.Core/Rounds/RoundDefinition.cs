using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Workflow.Core.Rounds;

/// <summary>When a milestone falls due: a fixed local date and time, or working days after the event that opens it.</summary>
public abstract record Deadline;

public sealed record FixedDeadline(DateTime Due) : Deadline;

/// <summary>Working days after the event that opens the milestone, at a local time; <see cref="Hold"/> may hold it to a date, round-wide.</summary>
public sealed record RelativeDeadline(int WorkingDays, TimeOnly DueTime) : Deadline
{
    public MilestoneHold? Hold { get; init; }
}

public enum HoldKind
{
    /// <summary>Due on the later of the counted date and the held date.</summary>
    NotBefore,

    /// <summary>Due on the held date, however many working days that leaves.</summary>
    Fixed,
}

/// <summary>
/// A relative milestone held to a local date, at the milestone's own due time: real rounds are held back by events
/// the working-day count cannot know of, such as an election's pre-election period.
/// </summary>
public sealed record MilestoneHold(HoldKind Kind, DateOnly Date, string? Reason = null);

public sealed record MilestoneDefinition(Milestone Id, string Title, Deadline Deadline, bool Optional, DateTime? Opens);

/// <summary>Reminders sent a number of working days before a due date, and optionally on the day itself.</summary>
public sealed record ReminderRule(Milestone Milestone, ImmutableArray<int> WorkingDaysBefore, bool OnDueDay);

public enum LadderLevel
{
    None,
    Overdue,
    Region,
    National,
}

public sealed record LadderStep(int WorkingDaysAfter, LadderLevel Level);

/// <summary>What happens, step by step, once a milestone is missed.</summary>
public sealed record LadderRule(Milestone Milestone, ImmutableArray<LadderStep> Steps);

/// <summary>
/// A planning round as read from its JSON file. Local dates and times are in <see cref="TimeZoneId"/>;
/// <see cref="Version"/> goes up with every round-wide change, so running instances can tell they follow a new timetable.
/// </summary>
public sealed record RoundDefinition(
    RoundId Id,
    int Version,
    string Title,
    string TimeZoneId,
    DateTime Opens,
    TimeOnly SendAt,
    FrozenDictionary<Milestone, MilestoneDefinition> Milestones,
    FrozenDictionary<Milestone, ReminderRule> Reminders,
    FrozenDictionary<Milestone, LadderRule> Ladder)
{
    /// <summary>Holds for one system alone, by system and milestone; each stands in place of the round-wide hold, if any.</summary>
    public FrozenDictionary<SystemCode, FrozenDictionary<Milestone, MilestoneHold>> SystemHolds { get; init; } =
        FrozenDictionary<SystemCode, FrozenDictionary<Milestone, MilestoneHold>>.Empty;

    public bool Has(Milestone milestone) => Milestones.ContainsKey(milestone);

    public MilestoneDefinition this[Milestone milestone] => Milestones[milestone];
}
