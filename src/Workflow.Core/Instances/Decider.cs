using System.Collections.Immutable;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

internal static class Decider
{
    /// <summary>
    /// A message the timetable owes at <see cref="At"/>. Of each occurrence's prompts only the latest past one may be
    /// sent, so its id, and the timetable's text, are made for that one alone: the rest are never looked at twice.
    /// </summary>
    private readonly record struct Prompt(DateTimeOffset At, MessageKind Kind, MilestoneKey? Key, DateTimeOffset? Due, string Rule)
    {
        /// <summary>Prompts about a due date carry it in their id; the one-off messages are named by their rule alone.</summary>
        public string IdFor(InstanceState state) => Key is { } key && Due is { } due && Kind is not (MessageKind.Timetable or MessageKind.PeerReviewPairing)
            ? CommandIds.For(state, key, Rule, due)
            : CommandIds.For(state, Rule);
    }

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
                commands.Add(ToCommand(notice.Id, notice.Kind, notice.Key, due, notice.Detail, now, notice.PlanVersion) with
                {
                    Moves = notice.Before is { } before ? Timetable.Moves(before, state, round) : null,
                });
            }
            else
            {
                WakeAt(notice.At);
            }
        }

        // A prompt goes at its own time on a working day. One that missed it (the instance started late, the clock was
        // moved past it, a change of dates put it in the past) waits for the next send time rather than going out of hours.
        var sendTime = IsSendTime(round, now) ? now : NextSendTime(round, now);
        foreach (var prompts in Scheduled(state, round))
        {
            // Of the prompts already past, only the latest still says something true; the earlier are superseded.
            Prompt? latest = null;
            foreach (var prompt in prompts)
            {
                if (prompt.At > now)
                {
                    WakeAt(prompt.At);
                    break;
                }
                if (!IsBeforeResumption(state, prompt))
                {
                    latest = prompt;
                }
            }
            if (latest is { } due && !IsStale(due, now) && due.IdFor(state) is var id && !state.Issued.Contains(id))
            {
                // The round's timetable answers the instance's start, like a notice, so it goes with it on a working day.
                if (sendTime == now || (round.Calendar.IsWorkingDay(round.Calendar.LocalDate(now))
                    && (due.At == now || (due.Kind == MessageKind.Timetable && now == state.StartedAt))))
                {
                    var detail = due.Kind == MessageKind.Timetable ? TimetableText(round) : null;
                    commands.Add(ToCommand(id, due.Kind, due.Key, due.Due, detail, now, state.PlanVersion));
                }
                else
                {
                    WakeAt(sendTime);
                }
            }
        }
        return new DecideResult(commands.ToImmutable(), wake);
    }

    /// <summary>Each open occurrence's prompts in time order, plus the one-off timetable and pairing messages.</summary>
    private static IEnumerable<IEnumerable<Prompt>> Scheduled(InstanceState state, Round round)
    {
        yield return [new Prompt(round.OpensAt, MessageKind.Timetable, null, null, "timetable")];

        // Feedback can come before the review window opens; once it is in, a pairing message would ask for it again.
        if (state.Peer is { } peer && round.Has(Milestone.PeerReview) && state.Stage is Stage.Drafting or Stage.FinalDue && !state.IsDone(Milestone.PeerReview))
        {
            var at = round.PeerReviewOpensAt is { } opens && opens > state.PeerPairedAt ? opens : state.PeerPairedAt!.Value;
            var key = new MilestoneKey(Milestone.PeerReview, 0);
            yield return [new Prompt(at, MessageKind.PeerReviewPairing, key, Timetable.Due(state, round, key), $"peer-pairing:{peer}")];
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
        var reminders = round.Definition.Reminders.GetValueOrDefault(key.Milestone);
        var ladder = round.Definition.Ladder.GetValueOrDefault(key.Milestone);
        var prompts = new List<Prompt>((reminders?.WorkingDaysBefore.Length ?? 0) + 1 + (ladder?.Steps.Length ?? 0));

        // A reminder from before the occurrence opened would be news of a date nobody owed yet; one from
        // before its date was moved is already said by the extension or timetable-change notice.
        if (reminders is not null)
        {
            foreach (var days in reminders.WorkingDaysBefore)
            {
                var at = round.SendTime(calendar.AddWorkingDays(dueDate, -days));
                if (at >= opened && at < due)
                {
                    prompts.Add(new Prompt(at, MessageKind.Reminder, key, due, $"remind-{days}"));
                }
            }
            var onDay = round.SendTime(dueDate);
            if (reminders.OnDueDay && calendar.IsWorkingDay(dueDate) && onDay >= opened && onDay < due)
            {
                prompts.Add(new Prompt(onDay, MessageKind.DueToday, key, due, "due-today"));
            }
        }

        if (ladder is not null)
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
                prompts.Add(new Prompt(at, kind, key, due, step.Level.ToString().ToLowerInvariant()));
            }
        }
        // Reminders count down to the due date and the ladder climbs after it, so the list is nearly always in order already.
        return IsInTimeOrder(prompts) ? prompts : prompts.OrderBy(p => p.At);
    }

    private static bool IsInTimeOrder(List<Prompt> prompts)
    {
        for (var i = 1; i < prompts.Count; i++)
        {
            if (prompts[i].At < prompts[i - 1].At)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A chaser timed before the instance last resumed, when resuming moved its date on by the time suspended: a reminder
    /// of then is not true now, and a ladder step no higher than the one reached before the suspension was said then.
    /// A step higher than any reached still goes, and so do the one-off messages: nobody has had them.
    /// </summary>
    private static bool IsBeforeResumption(InstanceState state, Prompt prompt) =>
        prompt.At < state.ResumedAt && prompt.Key is { } key && prompt.Kind is not (MessageKind.Timetable or MessageKind.PeerReviewPairing)
        && (prompt.Kind is MessageKind.Reminder or MessageKind.DueToday
            || (state.Escalations.TryGetValue(key, out var reached) && prompt.Kind.Level() <= reached));

    private static bool IsSendTime(Round round, DateTimeOffset now) =>
        round.Calendar.LocalDate(now) is var today && round.Calendar.IsWorkingDay(today) && round.SendTime(today) == now;

    /// <summary>The first send time after <paramref name="now"/>: today's if it is still to come on a working day, else the next working day's.</summary>
    private static DateTimeOffset NextSendTime(Round round, DateTimeOffset now)
    {
        var today = round.Calendar.LocalDate(now);
        return round.Calendar.IsWorkingDay(today) && round.SendTime(today) > now
            ? round.SendTime(today)
            : round.SendTime(round.Calendar.NextWorkingDay(today.AddDays(1)));
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

    private static Command ToCommand(string id, MessageKind kind, MilestoneKey? key, DateTimeOffset? due, string? detail, DateTimeOffset now, int planVersion)
    {
        var (to, copy) = Recipients.For(kind, key?.Milestone);
        return new Command(id, now, kind, key?.Milestone, key?.Cycle ?? 0, due, to, copy, planVersion, detail);
    }
}
