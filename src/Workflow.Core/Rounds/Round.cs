using System.Collections.Frozen;
using Workflow.Core.Calendar;

namespace Workflow.Core.Rounds;

/// <summary>A checked round definition bound to the working-day calendar it is counted in.</summary>
public sealed class Round
{
    private readonly FrozenDictionary<Milestone, DateTimeOffset> _fixedDue;

    internal Round(RoundDefinition definition, WorkingCalendar calendar)
    {
        Definition = definition;
        Calendar = calendar;
        OpensAt = calendar.ToInstant(definition.Opens);
        _fixedDue = definition.Milestones.Values
            .Where(m => m.Deadline is FixedDeadline)
            .ToFrozenDictionary(m => m.Id, m => calendar.ToInstant(((FixedDeadline)m.Deadline).Due));
        PeerReviewOpensAt = definition.Milestones.TryGetValue(Milestone.PeerReview, out var peer) && peer.Opens is { } opens
            ? calendar.ToInstant(opens)
            : null;
    }

    public RoundDefinition Definition { get; }

    public WorkingCalendar Calendar { get; }

    public RoundId Id => Definition.Id;

    public int Version => Definition.Version;

    public DateTimeOffset OpensAt { get; }

    public DateTimeOffset? PeerReviewOpensAt { get; }

    public bool Has(Milestone milestone) => Definition.Has(milestone);

    /// <summary>The round's own due instant for a fixed milestone.</summary>
    public DateTimeOffset FixedDue(Milestone milestone) => _fixedDue[milestone];

    /// <summary>
    /// The due instant of a relative milestone opened at <paramref name="openedAt"/>, for <paramref name="system"/>: the
    /// working days counted, then held to the system's own hold on the milestone, or else the round's. Every due date
    /// of a relative milestone comes from here, so prompts, reminders and the ladder follow a hold without knowing of it.
    /// Without a system only a round-wide hold applies.
    /// </summary>
    public DateTimeOffset RelativeDue(Milestone milestone, DateTimeOffset openedAt, SystemCode? system = null)
    {
        var counted = CountedDue(milestone, openedAt);
        return HoldOn(milestone, system) switch
        {
            { Kind: HoldKind.Fixed } hold => HeldDue(milestone, hold),
            { Kind: HoldKind.NotBefore } hold when HeldDue(milestone, hold) is var held && held > counted => held,
            _ => counted,
        };
    }

    /// <summary>The due instant by the working-day count alone, before any hold.</summary>
    public DateTimeOffset CountedDue(Milestone milestone, DateTimeOffset openedAt)
    {
        var deadline = (RelativeDeadline)Definition[milestone].Deadline;
        var date = Calendar.AddWorkingDays(Calendar.LocalDate(openedAt), deadline.WorkingDays);
        return Calendar.ToInstant(date, deadline.DueTime);
    }

    /// <summary>The hold on a relative milestone for <paramref name="system"/>: its own, else the round's; null when there is none.</summary>
    public MilestoneHold? HoldOn(Milestone milestone, SystemCode? system = null) =>
        system is { } code && Definition.SystemHolds.TryGetValue(code, out var own) && own.TryGetValue(milestone, out var hold) ? hold
        : Definition.Milestones.TryGetValue(milestone, out var definition) && definition.Deadline is RelativeDeadline relative ? relative.Hold
        : null;

    /// <summary>The instant a hold names: its date at the milestone's due time.</summary>
    public DateTimeOffset HeldDue(Milestone milestone, MilestoneHold hold)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return Calendar.ToInstant(hold.Date, ((RelativeDeadline)Definition[milestone].Deadline).DueTime);
    }

    /// <summary>Every hold in the round: round-wide ones (no system) first, in milestone order, then each system's.</summary>
    public IEnumerable<(Milestone Milestone, SystemCode? System, MilestoneHold Hold)> Holds()
    {
        foreach (var definition in Definition.Milestones.Values.OrderBy(m => m.Id))
        {
            if (definition.Deadline is RelativeDeadline { Hold: { } hold })
            {
                yield return (definition.Id, null, hold);
            }
        }
        foreach (var (system, holds) in Definition.SystemHolds.OrderBy(p => p.Key.Value, StringComparer.Ordinal))
        {
            foreach (var (milestone, hold) in holds.OrderBy(p => p.Key))
            {
                yield return (milestone, system, hold);
            }
        }
    }

    /// <summary>When prompts go out on a given working day.</summary>
    public DateTimeOffset SendTime(DateOnly date) => Calendar.ToInstant(date, Definition.SendAt);

    /// <summary>The latest date a relative milestone can fall due by its working-day count, if every window before it is used to its end.</summary>
    public DateOnly LatestCountedDue() => Calendar.AddWorkingDays(LastFixedDue(), Windows());

    /// <summary>The latest date a prompt of this round can fall on if every window is used to its end.</summary>
    public DateOnly LatestPossibleDate()
    {
        // A hold can start the later windows from its own date rather than from the last fixed one.
        var from = Holds().Select(h => h.Hold.Date).Append(LastFixedDue()).Max();
        var ladder = Definition.Ladder.Values.SelectMany(r => r.Steps).Select(s => s.WorkingDaysAfter).DefaultIfEmpty(0).Max();
        return Calendar.AddWorkingDays(from, Windows() + ladder);
    }

    private DateOnly LastFixedDue() => Calendar.LocalDate(_fixedDue.Values.Max());

    private int Windows() => Definition.Milestones.Values.Select(m => m.Deadline).OfType<RelativeDeadline>().Sum(d => d.WorkingDays);
}
