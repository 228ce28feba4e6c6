using System.Collections.Immutable;
using System.Globalization;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Calendar;

/// <summary>
/// One milestone of one system as a calendar entry. <paramref name="Uid"/> names the round, the system and the
/// milestone and nothing else, so a calendar that subscribed once updates the same entry however often the service is
/// deployed or the date moves. <paramref name="Sequence"/> counts the times the entry changed after it first had a date;
/// <paramref name="Stamp"/> is when it last changed. <paramref name="Local"/> is the due time in England.
/// </summary>
public sealed record DeadlineEntry(
    string Uid,
    InstanceId Instance,
    Milestone Milestone,
    string Summary,
    string? Description,
    DateTimeOffset Due,
    DateTime Local,
    int Sequence,
    bool Cancelled,
    DateTimeOffset Stamp);

/// <summary>
/// A system's deadlines as calendar entries, from its journal alone: the journal is replayed event by event, and each
/// time an event moves a milestone's date (an extension, a timetable change, the end of a suspension, a new plan
/// version restarting the agreement window) or takes it away, that entry's sequence goes up by one. The same journal
/// always gives the same entries, so two readings of a feed agree and a calendar sees a change only when there is one.
/// </summary>
public static class Deadlines
{
    /// <summary>
    /// The entries of <paramref name="system"/>'s milestones in <paramref name="roundId"/>, in the order it meets them. <paramref name="history"/> is the
    /// journal as stored (refusals are skipped); <paramref name="rounds"/> gives the round at each version the instance
    /// followed. A milestone appears once it has a date; one that loses it (its milestone dropped from the timetable, or
    /// the system withdrawn before meeting it) stays, cancelled, on its last date, so calendars remove it rather than
    /// keep a stale copy.
    /// </summary>
    public static ImmutableArray<DeadlineEntry> Of(RoundId roundId, SystemEntry system, IReadOnlyList<JournalEntry> history, Func<int, Round> rounds)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(rounds);
        var applied = history.Where(e => e.Refusal is null).Select(e => e.Event).ToList();
        if (applied.Count == 0 || applied[0] is not InstanceStarted started)
        {
            return [];
        }
        var id = new InstanceId(roundId, system.Code);
        var state = StateMachine.Start(id, started);
        var seen = new Dictionary<Milestone, Seen>();
        var reasons = new Dictionary<MilestoneKey, DeadlineExtended>();
        Observe(state, rounds(state.RoundVersion), started.At, seen);
        foreach (var evt in applied.Skip(1))
        {
            state = StateMachine.Apply(state, evt);
            if (evt is DeadlineExtended extended)
            {
                reasons[state.CurrentKey(extended.Milestone)] = extended;
            }
            Observe(state, rounds(state.RoundVersion), evt.At, seen);
        }
        var round = rounds(state.RoundVersion);
        return [.. Matrix.SystemMilestones.Where(seen.ContainsKey).Select(milestone =>
        {
            var entry = seen[milestone];
            var key = state.CurrentKey(milestone);
            var reason = round.Has(milestone) && state.Extensions.ContainsKey(key) && reasons.TryGetValue(key, out var extension) ? extension : null;
            var title = round.Has(milestone) ? round.Definition[milestone].Title : rounds(entry.Version).Definition[milestone].Title;
            return new DeadlineEntry(
                Uid(id, milestone),
                id,
                milestone,
                $"{title} due: {system.Name}",
                reason is null ? null : Describe(reason, round),
                entry.Due,
                round.Calendar.ToLocal(entry.Due).DateTime,
                entry.Sequence,
                entry.Cancelled,
                entry.Stamp);
        })];
    }

    /// <summary>The entry's identity: the same for the round, system and milestone for as long as the round is kept.</summary>
    public static string Uid(InstanceId instance, Milestone milestone) =>
        $"planning-round-{instance.Round}-{instance.System}-{milestone.Name()}";

    private sealed record Seen(DateTimeOffset Due, bool Cancelled, int Sequence, DateTimeOffset Stamp, int Version);

    /// <summary>Notes each milestone's date and standing after one event, counting a change against what was last seen.</summary>
    private static void Observe(InstanceState state, Round round, DateTimeOffset at, Dictionary<Milestone, Seen> seen)
    {
        foreach (var milestone in Matrix.SystemMilestones)
        {
            var key = state.CurrentKey(milestone);
            var due = round.Has(milestone) ? Timetable.Due(state, round, key) : null;
            var met = state.Completed.ContainsKey(key);
            var had = seen.GetValueOrDefault(milestone);
            if (had is null)
            {
                if (due is { } first)
                {
                    seen[milestone] = new Seen(first, Cancelled: state.WithdrawnAt is not null && !met, 0, at, state.RoundVersion);
                }
                continue;
            }
            var cancelled = due is null || (state.WithdrawnAt is not null && !met);
            var now = new Seen(due ?? had.Due, cancelled, had.Sequence, had.Stamp, due is null ? had.Version : state.RoundVersion);
            if (now.Due != had.Due || now.Cancelled != had.Cancelled)
            {
                now = now with { Sequence = had.Sequence + 1, Stamp = at };
            }
            seen[milestone] = now;
        }
    }

    private static string Describe(DeadlineExtended extension, Round round)
    {
        var date = round.Calendar.ToInstant(extension.NewDue);
        var from = extension.Before is [{ } before, ..] ? $" from {Day(before.Due, round)}" : "";
        return $"Extended{from} to {Day(date, round)}: {extension.Reason}";
    }

    private static string Day(DateTimeOffset instant, Round round) =>
        round.Calendar.ToLocal(instant).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
