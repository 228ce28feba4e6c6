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

    /// <summary>The due instant of a relative milestone opened at <paramref name="openedAt"/>.</summary>
    public DateTimeOffset RelativeDue(Milestone milestone, DateTimeOffset openedAt)
    {
        var deadline = (RelativeDeadline)Definition[milestone].Deadline;
        var date = Calendar.AddWorkingDays(Calendar.LocalDate(openedAt), deadline.WorkingDays);
        return Calendar.ToInstant(date, deadline.DueTime);
    }

    /// <summary>When prompts go out on a given working day.</summary>
    public DateTimeOffset SendTime(DateOnly date) => Calendar.ToInstant(date, Definition.SendAt);

    /// <summary>The latest date a prompt of this round can fall on if every window is used to its end.</summary>
    public DateOnly LatestPossibleDate()
    {
        var last = Calendar.LocalDate(_fixedDue.Values.Max());
        var windows = Definition.Milestones.Values
            .Select(m => m.Deadline)
            .OfType<RelativeDeadline>()
            .Sum(d => d.WorkingDays);
        var ladder = Definition.Ladder.Values.SelectMany(r => r.Steps).Select(s => s.WorkingDaysAfter).DefaultIfEmpty(0).Max();
        return Calendar.AddWorkingDays(last, windows + ladder);
    }
}
