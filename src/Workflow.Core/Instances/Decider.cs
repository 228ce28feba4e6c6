using System.Collections.Immutable;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

internal static class Decider
{
    private readonly record struct Prompt(string Id, DateTimeOffset At, MessageKind Kind, MilestoneKey? Key, DateTimeOffset? Due, string? Detail = null);

    public static DecideResult Decide(InstanceState state, Round round, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        if (state.WithdrawnAt is not null || state.IsSuspended)
        {
            return new DecideResult([], null);
        }

        var commands = ImmutableArray.CreateBuilder<Command>();
        DateTimeOffset? wake = null;
        void WakeAt(DateTimeOffset at) => wake = wake is { } w && w <= at ? w : at;

        // Notices answer something that just happened, so they go at once, whatever the day.
        foreach (var notice in state.Pending)
        {
            if (notice.At <= now)
            {
                var due = notice.Key is { } key ? Timetable.Due(state, round, key) : null;
                commands.Add(ToCommand(new Prompt(notice.Id, notice.At, notice.Kind, notice.Key, due, notice.Detail), now, notice.PlanVersion));
            }
            else
            {
                WakeAt(notice.At);
            }
        }

        // Prompts are only sent on working days; one missed over a weekend or a suspension waits for the next.
        var today = round.Calendar.LocalDate(now);
        var sendWindow = round.Calendar.IsWorkingDay(today) ? now : round.SendTime(round.Calendar.NextWorkingDay(today));
        foreach (var prompts in Scheduled(state, round))
        {
            // Of the prompts already past, only the latest still says something true; the earlier are superseded.
            Prompt? latest = null;
            foreach (var prompt in prompts)
            {
                if (prompt.At <= now)
                {
                    latest = prompt;
                }
                else
                {
                    WakeAt(prompt.At);
                    break;
                }
            }
            if (latest is { } due && !state.Issued.Contains(due.Id) && !IsStale(due, now))
            {
                if (sendWindow == now)
                {
                    commands.Add(ToCommand(due, now, state.PlanVersion));
                }
                else
                {
                    WakeAt(sendWindow);
                }
            }
        }
        return new DecideResult(commands.ToImmutable(), wake);
    }

    /// <summary>Each open occurrence's prompts in time order, plus the one-off timetable and pairing messages.</summary>
    private static IEnumerable<IEnumerable<Prompt>> Scheduled(InstanceState state, Round round)
    {
        yield return [new Prompt(CommandIds.For(state, "timetable"), round.OpensAt, MessageKind.Timetable, null, null, TimetableText(round))];

        if (state.Peer is { } peer && round.Has(Milestone.PeerReview) && state.Stage is Stage.Drafting or Stage.FinalDue)
        {
            var at = round.PeerReviewOpensAt is { } opens && opens > state.PeerPairedAt ? opens : state.PeerPairedAt!.Value;
            var key = new MilestoneKey(Milestone.PeerReview, 0);
            yield return [new Prompt(CommandIds.For(state, $"peer-pairing:{peer}"), at, MessageKind.PeerReviewPairing, key, Timetable.Due(state, round, key))];
        }

        foreach (var key in Timetable.Open(state, round))
        {
            if (Timetable.Due(state, round, key) is { } due)
            {
                yield return PromptsFor(state, round, key, due);
            }
        }
    }

    private static IEnumerable<Prompt> PromptsFor(InstanceState state, Round round, MilestoneKey key, DateTimeOffset due)
    {
        var calendar = round.Calendar;
        var dueDate = calendar.LocalDate(due);
        var opened = Latest(Timetable.OpenedAt(state, key) ?? state.StartedAt, state.ExtendedAt.GetValueOrDefault(key), state.TimetableChangedAt ?? default);
        var prompts = new List<Prompt>();

        // A reminder from before the occurrence opened would be news of a date nobody owed yet; one from
        // before its date was moved is already said by the extension or timetable-change notice.
        if (round.Definition.Reminders.TryGetValue(key.Milestone, out var reminders))
        {
            foreach (var days in reminders.WorkingDaysBefore)
            {
                var at = round.SendTime(calendar.AddWorkingDays(dueDate, -days));
                if (at >= opened && at < due)
                {
                    prompts.Add(new Prompt(CommandIds.For(state, key, $"remind-{days}", due), at, MessageKind.Reminder, key, due));
                }
            }
            var onDay = round.SendTime(dueDate);
            if (reminders.OnDueDay && calendar.IsWorkingDay(dueDate) && onDay >= opened && onDay < due)
            {
                prompts.Add(new Prompt(CommandIds.For(state, key, "due-today", due), onDay, MessageKind.DueToday, key, due));
            }
        }

        if (round.Definition.Ladder.TryGetValue(key.Milestone, out var ladder))
        {
            foreach (var step in ladder.Steps)
            {
                var at = round.SendTime(calendar.AddWorkingDays(dueDate, step.WorkingDaysAfter));
                if (at <= due)
                {
                    // A step of 0 days on a due date after the send time goes at the next working day's send time.
                    at = round.SendTime(calendar.AddWorkingDays(dueDate, 1));
                }
                var kind = step.Level switch
                {
                    LadderLevel.Overdue => MessageKind.Overdue,
                    LadderLevel.Region => MessageKind.EscalationToRegion,
                    _ => MessageKind.EscalationToNational,
                };
                prompts.Add(new Prompt(CommandIds.For(state, key, step.Level.ToString().ToLowerInvariant(), due), at, kind, key, due));
            }
        }
        return prompts.OrderBy(p => p.At);
    }

    /// <summary>A reminder read after its deadline would ask for something already late; from then on only the ladder speaks.</summary>
    private static bool IsStale(Prompt prompt, DateTimeOffset now) =>
        prompt.Kind is MessageKind.Reminder or MessageKind.DueToday && prompt.Due <= now;

    /// <summary>The round's fixed dates, one a line, for the timetable message.</summary>
    private static string TimetableText(Round round) => string.Join('\n', round.Definition.Milestones.Values
        .Where(m => m.Deadline is FixedDeadline)
        .OrderBy(m => round.FixedDue(m.Id))
        .Select(m => $"{m.Title}: {round.Calendar.ToLocal(round.FixedDue(m.Id)).ToString("dddd d MMMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture)}{(m.Optional ? " (optional)" : "")}"));

    private static DateTimeOffset Latest(params DateTimeOffset[] times) => times.Max();

    private static Command ToCommand(Prompt prompt, DateTimeOffset now, int planVersion)
    {
        var (to, copy) = Recipients.For(prompt.Kind, prompt.Key?.Milestone);
        return new Command(prompt.Id, now, prompt.Kind, prompt.Key?.Milestone, prompt.Key?.Cycle ?? 0, prompt.Due, to, copy, planVersion, prompt.Detail);
    }
}
