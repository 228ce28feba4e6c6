using System.Globalization;
using CsCheck;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Properties;

public sealed class OrchestrationProperties
{
    private const int Iterations = 200;

    [Fact]
    public void Decide_TwiceAtTheSameInstant_NeverActsTwice() =>
        Scenario.Steps.Sample(steps => Scenario.Play(steps, (state, round, now, result) =>
        {
            var again = StateMachine.Decide(state, round, now);
            Assert.Equal(result.Commands.Select(c => c.Id), again.Commands.Select(c => c.Id));
            Assert.Equal(result.NextWakeAt, again.NextWakeAt);

            var applied = result.Commands.Aggregate(state, (s, c) => StateMachine.Apply(s, new CommandIssued(now, c)));
            Assert.Empty(StateMachine.Decide(applied, round, now).Commands);
        }), iter: Iterations);

    [Fact]
    public void Decide_Always_WakesAfterNow() =>
        Scenario.Steps.Sample(steps => Scenario.Play(steps, (_, _, now, result) =>
            Assert.True(result.NextWakeAt is not { } wake || wake > now, $"at {now:O} it asked to wake at {result.NextWakeAt:O}")),
            iter: Iterations);

    [Fact]
    public void Decide_AtRandomInstants_WakesAfterNowAndPromptsOnlyOnWorkingDays() =>
        Gen.Select(Scenario.Steps, Gen.Int[0, (int)(Scenario.End - Scenario.Opens).TotalMinutes].Array[1, 20]).Sample((steps, probes) =>
        {
            var timeline = Scenario.Play(steps);
            foreach (var minutes in probes)
            {
                var now = Scenario.Opens.AddMinutes(minutes);
                var result = StateMachine.Decide(timeline.State, timeline.Round, now);
                Assert.True(result.NextWakeAt is not { } wake || wake > now);
                if (!timeline.Round.Calendar.IsWorkingDay(London.LocalDate(now)))
                {
                    Assert.DoesNotContain(result.Commands, c => c.IsScheduled());
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Run_ScheduledPrompts_GoOnlyOnWorkingDays() =>
        Scenario.Steps.Sample(steps =>
        {
            var timeline = Scenario.Play(steps);
            foreach (var command in timeline.Sent.Where(c => c.IsScheduled()))
            {
                Assert.True(TestRound.Calendar.IsWorkingDay(London.LocalDate(command.At)), $"{command.Describe()} went on a non-working day");
            }
        }, iter: Iterations);

    [Fact]
    public void Run_ScheduledPrompts_GoAtTheSendTimeOfAWorkingDay() =>
        Scenario.Steps.Sample(steps =>
        {
            // Whatever moved the dates or the instance (a resumption, an extension, a change of timetable, a restart),
            // a prompt goes at 9:00 on a working day; but for the pairing for peer review, sent when someone pairs the
            // system, and the timetable, sent with the start of a run.
            var timeline = Scenario.Play(steps);
            foreach (var entry in timeline.History.Where(h => h.Event is CommandIssued { Command.Kind: not MessageKind.PeerReviewPairing } issued
                && issued.Command.IsScheduled() && !(issued.Command.Kind == MessageKind.Timetable && issued.At == h.Before.StartedAt)))
            {
                var at = entry.Event.At;
                Assert.True(entry.Round.SendTime(London.LocalDate(at)) == at, $"{((CommandIssued)entry.Event).Command.Describe()} went out of hours");
            }
        }, iter: Iterations);

    [Fact]
    public void Run_WhileSuspended_NothingIsSent() =>
        Scenario.Steps.Sample(steps =>
        {
            foreach (var entry in Scenario.Play(steps).History.Where(h => h.Event is CommandIssued))
            {
                Assert.False(entry.Before.IsSuspended, $"{((CommandIssued)entry.Event).Command.Describe()} went while suspended");
            }
        }, iter: Iterations);

    [Fact]
    public void Run_AfterAMilestoneIsMet_NeverChasesThatOccurrenceAgain() =>
        Scenario.Steps.Sample(steps =>
        {
            var history = Scenario.Play(steps).History;
            for (var i = 0; i < history.Count; i++)
            {
                foreach (var key in history[i].After.Completed.Keys.Where(k => !history[i].Before.Completed.ContainsKey(k)))
                {
                    // A restart is a fresh run of the round, in which the milestone is owed again.
                    var sameRun = history.Skip(i + 1).TakeWhile(later => later.Event is not Restarted);
                    Assert.DoesNotContain(sameRun, later => later.Command is { } c && c.IsChaser() && c.Key == key);
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Run_OverdueMilestone_EndsAtTheTopOfItsLadder() =>
        Scenario.Steps.Sample(steps =>
        {
            var timeline = Scenario.Play(steps);
            var (state, round) = (timeline.State, timeline.Round);
            foreach (var key in Timetable.Open(state, round))
            {
                if (!round.Definition.Ladder.TryGetValue(key.Milestone, out var ladder) || Timetable.Due(state, round, key) is not { } due)
                {
                    continue;
                }
                var top = ladder.Steps[^1];
                var lastStepAt = round.SendTime(round.Calendar.AddWorkingDays(round.Calendar.LocalDate(due), top.WorkingDaysAfter));
                if (lastStepAt <= Scenario.End)
                {
                    Assert.True(
                        state.Escalations.TryGetValue(key, out var level) && level == top.Level,
                        $"{key}, due {Instance.Local(due)}, is open at the end but reached {level}, not {top.Level}");
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Run_Extended_EveryLaterPromptNamesTheNewDueDate()
    {
        var extensions = 0;
        Scenario.Steps.Sample(steps =>
        {
            var history = Scenario.Play(steps).History;
            for (var i = 0; i < history.Count; i++)
            {
                if (history[i].Event is not DeadlineExtended extension)
                {
                    continue;
                }
                Interlocked.Increment(ref extensions);
                var key = history[i].Before.CurrentKey(extension.Milestone);
                var newDue = history[i].Round.Calendar.ToInstant(extension.NewDue);
                var untilExtendedAgain = history.Skip(i + 1)
                    // A resumption moves the date on by the time suspended; that is the suspension's property, not this one.
                    .TakeWhile(h => h.Event is not (Restarted or Resumed) && !(h.Event is DeadlineExtended again && h.Before.CurrentKey(again.Milestone) == key));
                foreach (var (command, entry) in untilExtendedAgain.Where(h => h.Command is { } c && c.IsChaser() && c.Key == key).Select(h => (h.Command!, h)))
                {
                    // The extended date, unless a round-wide change has since moved everyone's date past it.
                    var roundDue = Timetable.Due(entry.Before with { Extensions = entry.Before.Extensions.Clear() }, entry.Round, key);
                    var expected = roundDue is { } moved && moved > newDue ? moved : newDue;
                    Assert.Equal(expected, command.Due);
                    Assert.EndsWith("@" + expected.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture), command.Id, StringComparison.Ordinal);
                }
            }
        }, iter: Iterations);
        Assert.True(extensions > 0, "no run extended a deadline, so the property was never exercised");
    }

    [Fact]
    public void Run_EveryChaser_IsTimedFromTheDueDateItNames() =>
        Scenario.Steps.Sample(steps =>
        {
            foreach (var entry in Scenario.Play(steps).History.Where(h => h.Command is { } c && c.IsChaser()))
            {
                var command = entry.Command!;
                Assert.Equal(Timetable.Due(entry.Before, entry.Round, command.Key!.Value), command.Due);
                Assert.True(command.At >= ScheduledAt(entry.Round, command), $"{command.Describe()} ({command.Id}) went before its time");
                if (command.Kind is MessageKind.Reminder or MessageKind.DueToday)
                {
                    Assert.True(command.At < command.Due, $"{command.Describe()} reminded of a deadline already past");
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Scenario_Runs_ReachEveryStageAndEveryKindOfEvent()
    {
        // Guards the properties above against a generator that never gets anywhere interesting.
        var stages = new HashSet<Stage>();
        var events = new HashSet<Type>();
        var kinds = new HashSet<MessageKind>();
        var gate = new object();
        Scenario.Steps.Sample(steps =>
        {
            var timeline = Scenario.Play(steps);
            lock (gate)
            {
                stages.UnionWith(timeline.History.Select(h => h.After.Stage));
                events.UnionWith(timeline.History.Select(h => h.Event.GetType()));
                kinds.UnionWith(timeline.Sent.Select(c => c.Kind));
            }
        }, iter: Iterations * 2);

        Assert.Equal(Enum.GetValues<Stage>().Order(), stages.Order());
        Assert.Superset(
            new HashSet<Type> { typeof(DeadlineExtended), typeof(Suspended), typeof(Resumed), typeof(TimetableChanged), typeof(PeerFeedbackGiven), typeof(FootprintAcknowledged), typeof(Restarted) },
            events);
        // A new link is sent when someone asks for it, never by an instance's own decisions; an undelivered prompt's notice
        // only when the mail service reports a failure, which scenarios do not play.
        Assert.Equal(Enum.GetValues<MessageKind>().Where(k => k is not (MessageKind.NewLink or MessageKind.PromptUndelivered)).Order(), kinds.Order());
    }

    /// <summary>When the rule named in the command's id says it was due, counted from the due date it carries.</summary>
    private static DateTimeOffset ScheduledAt(Round round, Command command)
    {
        var calendar = round.Calendar;
        var dueDate = calendar.LocalDate(command.Due!.Value);
        var rule = command.Id[(command.Id.LastIndexOf('/') + 1)..command.Id.LastIndexOf('@')];
        if (rule.StartsWith("remind-", StringComparison.Ordinal))
        {
            return round.SendTime(calendar.AddWorkingDays(dueDate, -int.Parse(rule["remind-".Length..], CultureInfo.InvariantCulture)));
        }
        if (rule == "due-today")
        {
            return round.SendTime(dueDate);
        }
        var step = round.Definition.Ladder[command.Milestone!.Value].Steps.Single(s => s.Level == command.Level);
        return round.SendTime(calendar.AddWorkingDays(dueDate, step.WorkingDaysAfter));
    }
}
