using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class SuspendWithdrawTests
{
    [Fact]
    public void Decide_Suspended_ReturnsNothingAndNoWakeUp()
    {
        var state = Instance.Started()
            .Then(Instance.Draft(London.At(2019, 9, 20))) // leaves a SubmissionReceived notice owed
            .Then(Instance.Suspended(London.At(2019, 9, 20, 10)));

        var result = StateMachine.Decide(state, TestRound.Round, London.At(2019, 11, 20));

        Assert.Empty(result.Commands);
        Assert.Null(result.NextWakeAt);
    }

    [Fact]
    public void Run_ResumedAfterThreeWeeks_TheDraftIsDueSixteenWorkingDaysLaterAndChasedTowardsThatDate()
    {
        // Suspended from Tuesday 10 September to Tuesday 1 October at 10:00: the send times of 16 working days held back.
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 9, 10)))
            .RunTo(London.At(2019, 9, 30, 23))
            .Then(Instance.Resumed(London.At(2019, 10, 1, 10)))
            .RunTo(London.At(2019, 10, 31));

        Assert.Equal(16, Timetable.WorkingDaysSuspended(TestRound.Round, timeline.State.Pauses.Single()));
        Assert.Equal(London.At(2019, 10, 21, 17), Timetable.Due(timeline.State, TestRound.Round, new MilestoneKey(Milestone.Draft, 0)));
        Assert.Equal(
            [
                "Reminder 2019-10-07T09:00+01:00 due 2019-10-21T17:00+01:00 to Pmo",
                "Reminder 2019-10-14T09:00+01:00 due 2019-10-21T17:00+01:00 to Pmo",
                "Reminder 2019-10-18T09:00+01:00 due 2019-10-21T17:00+01:00 to Pmo",
                "DueToday 2019-10-21T09:00+01:00 due 2019-10-21T17:00+01:00 to Pmo",
                "Overdue 2019-10-22T09:00+01:00 due 2019-10-21T17:00+01:00 to Pmo cc RegionalDirector",
                "EscalationToRegion 2019-10-24T09:00+01:00 due 2019-10-21T17:00+01:00 to RegionalDirector cc Pmo",
                "EscalationToNational 2019-10-28T09:00+00:00 due 2019-10-21T17:00+01:00 to National cc RegionalDirector+Pmo",
            ],
            timeline.Sent.About(Milestone.Draft).Describe());
    }

    [Fact]
    public void Run_ResumedOutOfHoursOnAFriday_NothingGoesBeforeMondaysSendTime()
    {
        // Resumed at 22:00 on Friday 27 September, the draft's old due date: nothing is overdue at once; the send times
        // of the 9 working days from 17 September are given back, and the next prompt waits for 9:00 on a working day.
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 9, 16, 12)))
            .Then(Instance.Resumed(London.At(2019, 9, 27, 22)));
        var resumedAt = London.At(2019, 9, 27, 22);

        // Only the notice that planning has resumed goes with the resumption, listing the dates that moved.
        var resumed = Assert.Single(timeline.Sent, c => c.At >= London.At(2019, 9, 16, 12) && c.At < London.At(2019, 9, 30, 9));
        Assert.Equal((MessageKind.Resumed, resumedAt), (resumed.Kind, resumed.At));
        Assert.Contains(resumed.Moves!, m => m.Key.Milestone == Milestone.Draft && m.From == London.At(2019, 9, 27, 17) && m.To == London.At(2019, 10, 10, 17));
        timeline.RunTo(London.At(2019, 10, 31));
        Assert.All(timeline.Sent.Where(c => c.At >= resumedAt && c.Kind != MessageKind.Resumed), c =>
        {
            Assert.True(TestRound.Calendar.IsWorkingDay(London.LocalDate(c.At)), $"{c.Describe()} went on a non-working day");
            Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TestRound.Calendar.ToLocal(c.At).DateTime));
        });
        Assert.Equal(
            ["Overdue 2019-10-11T09:00+01:00 due 2019-10-10T17:00+01:00 to Pmo cc RegionalDirector"],
            timeline.Sent.About(Milestone.Draft).Where(c => c.Kind == MessageKind.Overdue).Describe());
    }

    [Fact]
    public void Run_SuspendedWhenOverdue_TheStepReachedIsNotRepeatedAndTheNextComesAsLateAsItWouldHave()
    {
        // The draft was due on Friday 27 September; the region heard on Wednesday 2 October and the instance was
        // suspended that afternoon, for the send times of 5 working days (3 to 9 October).
        var timeline = Timeline.Start()
            .RunTo(London.At(2019, 10, 2, 12))
            .Then(Instance.Suspended(London.At(2019, 10, 2, 12)))
            .Then(Instance.Resumed(London.At(2019, 10, 9, 12)))
            .RunTo(London.At(2019, 10, 31));

        Assert.Equal(
            [
                "Overdue 2019-09-30T09:00+01:00 due 2019-09-27T17:00+01:00 to Pmo cc RegionalDirector",
                "EscalationToRegion 2019-10-02T09:00+01:00 due 2019-09-27T17:00+01:00 to RegionalDirector cc Pmo",
                "EscalationToNational 2019-10-11T09:00+01:00 due 2019-10-04T17:00+01:00 to National cc RegionalDirector+Pmo",
            ],
            timeline.Sent.About(Milestone.Draft).Where(c => c.Level != LadderLevel.None).Describe());
    }

    [Fact]
    public void Run_ResumedAfterTheFootprintDeadline_RemindsOfTheMovedDateAndNothingOfTheOldOne()
    {
        // Suspended from Monday 15 July to Thursday 1 August at 10:00: footprint changes are now due on 20 August.
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 7, 15)))
            .Then(Instance.Resumed(London.At(2019, 8, 1, 10)))
            .RunTo(London.At(2019, 9, 1));

        Assert.Equal(
            [
                "Reminder 2019-08-06T09:00+01:00 due 2019-08-20T17:00+01:00 to Pmo",
                "Reminder 2019-08-13T09:00+01:00 due 2019-08-20T17:00+01:00 to Pmo",
            ],
            timeline.Sent.About(Milestone.Footprint).Where(c => c.At > London.At(2019, 7, 15)).Describe());
    }

    [Fact]
    public void Run_ResumedTheSameDayAfterTheSendTime_NoDateMovesAndTheNextPromptGoesAsBefore()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 9, 13, 10)))
            .Then(Instance.Resumed(London.At(2019, 9, 13, 16)))
            .RunTo(London.At(2019, 9, 21));

        Assert.Equal(0, Timetable.WorkingDaysSuspended(TestRound.Round, timeline.State.Pauses.Single()));
        Assert.Equal(
            [
                "Reminder 2019-09-13T09:00+01:00 due 2019-09-27T17:00+01:00 to Pmo",
                "Reminder 2019-09-20T09:00+01:00 due 2019-09-27T17:00+01:00 to Pmo",
            ],
            timeline.Sent.About(Milestone.Draft).Describe());
    }

    [Fact]
    public void Due_ExtendedWhileSuspended_KeepsTheDateAsNamed()
    {
        // The round's own date moves on to 21 October; the extension named 25 October while the instance was suspended.
        var state = Instance.Started()
            .Then(Instance.Suspended(London.At(2019, 9, 10)))
            .Then(Instance.Extended(London.At(2019, 9, 20), Milestone.Draft, new DateTime(2019, 10, 25, 17, 0, 0)))
            .Then(Instance.Resumed(London.At(2019, 10, 1, 10)));

        Assert.Equal(London.At(2019, 10, 25, 17), Timetable.Due(state, TestRound.Round, new MilestoneKey(Milestone.Draft, 0)));
    }

    [Fact]
    public void Due_TimetableChangedWhileSuspended_KeepsTheNewFixedDatesButGivesBackAnOpenWindow()
    {
        // The final plan went in on 14 November and the instance was suspended the next day; at resumption the round
        // moves the national plan to a date of its own, and the director's ten working days get back the time suspended.
        var changed = TestRound.Changed(2, r => r.Milestone("national-plan")["due"] = "2020-01-31T17:00");
        var state = Instance.Started()
            .Then(Instance.Draft(London.At(2019, 9, 26, 12)))
            .Then(Instance.Final(London.At(2019, 11, 14, 12)))
            .Then(Instance.Suspended(London.At(2019, 11, 15, 12)))
            .Then(new TimetableChanged(London.At(2019, 11, 29, 12), 2))
            .Then(Instance.Resumed(London.At(2019, 11, 29, 12)));

        Assert.Equal(London.At(2020, 1, 31, 17), Timetable.Due(state, changed, new MilestoneKey(Milestone.NationalPlan, 0)));
        // Counted from 14 November, ten working days end on 28 November; the send times of the ten working days from 18
        // to 29 November were held back.
        Assert.Equal(London.At(2019, 12, 12, 17), Timetable.Due(state, changed, new MilestoneKey(Milestone.Agreement, 1)));
    }

    [Fact]
    public void Due_TimetableChangedAfterTheSuspensionEnded_KeepsTheDaysGivenBack()
    {
        // The round later moves the national plan; the final plan's date, which it leaves alone, stays moved on by the
        // ten working days the system was suspended in October. The national plan is the national team's, and stays put.
        var changed = TestRound.Changed(2, r => r.Milestone("national-plan")["due"] = "2020-03-31T17:00");
        var state = Instance.Started()
            .Then(Instance.Draft(London.At(2019, 9, 26, 12)))
            .Then(Instance.Suspended(London.At(2019, 10, 14, 9)))
            .Then(Instance.Resumed(London.At(2019, 10, 28, 9)))
            .Then(new TimetableChanged(London.At(2019, 11, 6, 9), 2));

        Assert.Equal(London.At(2019, 11, 29, 17), Timetable.Due(state, changed, new MilestoneKey(Milestone.Final, 0)));
        Assert.Equal(London.At(2020, 3, 31, 17), Timetable.Due(state, changed, new MilestoneKey(Milestone.NationalPlan, 0)));
    }

    [Fact]
    public void Due_MetBeforeTheSuspension_StaysWhereItWas()
    {
        var state = Instance.Started()
            .Then(Instance.Draft(London.At(2019, 9, 26, 12)))
            .Then(Instance.Suspended(London.At(2019, 10, 1)))
            .Then(Instance.Resumed(London.At(2019, 10, 15)));

        Assert.Equal(London.At(2019, 9, 27, 17), Timetable.Due(state, TestRound.Round, new MilestoneKey(Milestone.Draft, 0)));
        Assert.Equal(London.At(2019, 11, 29, 17), Timetable.Due(state, TestRound.Round, new MilestoneKey(Milestone.Final, 0)));
    }

    [Fact]
    public void Decide_PromptSkippedByAMovedClock_WaitsForTheNextSendTime()
    {
        // Decided first at noon on Monday 16 September, past that morning's reminder: it goes the next morning.
        var state = Instance.Started().Then(new CommandIssued(TestRound.Round.OpensAt, StateMachine.Decide(Instance.Started(), TestRound.Round, TestRound.Round.OpensAt).Commands[0]));

        var decided = StateMachine.Decide(state, TestRound.Round, London.At(2019, 9, 16, 12));

        Assert.DoesNotContain(decided.Commands, c => c.Milestone == Milestone.Draft);
        Assert.Equal(London.At(2019, 9, 17, 9), decided.NextWakeAt);
        Assert.Contains(StateMachine.Decide(state, TestRound.Round, London.At(2019, 9, 17, 9)).Commands,
            c => c.Describe() == "Reminder 2019-09-17T09:00+01:00 due 2019-09-27T17:00+01:00 to Pmo");
    }

    [Fact]
    public void Run_Resumed_SendsNoticesOwedWhileSuspendedAtOnce()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 9, 10)))
            .Then(Instance.Draft(London.At(2019, 9, 20)));
        Assert.DoesNotContain(timeline.Sent, c => c.Kind == MessageKind.SubmissionReceived);

        timeline.Then(Instance.Resumed(London.At(2019, 9, 23, 10)));

        Assert.Equal(London.At(2019, 9, 23, 10), timeline.Sent.Single(c => c.Kind == MessageKind.SubmissionReceived).At);
    }

    [Fact]
    public void Decide_Withdrawn_NeverSendsAnythingAgain()
    {
        var state = Instance.Started()
            .Then(Instance.Draft(London.At(2019, 9, 20)))
            .Then(Instance.Withdrawn(London.At(2019, 9, 20, 10)));

        var result = StateMachine.Decide(state, TestRound.Round, London.At(2019, 11, 20));

        Assert.Empty(result.Commands);
        Assert.Null(result.NextWakeAt);
        Assert.Empty(state.Pending);
        Assert.Equal(Stage.Withdrawn, state.Stage);
        Assert.Empty(Timetable.Open(state, TestRound.Round));
    }

    [Fact]
    public void Check_Withdrawn_RefusesEveryFurtherEvent()
    {
        var state = Instance.Started().Then(Instance.Withdrawn(London.At(2019, 9, 20, 10)));
        var command = StateMachine.Decide(Instance.Started(), TestRound.Round, TestRound.Round.OpensAt).Commands[0];
        InstanceEvent[] events =
        [
            Instance.Draft(London.At(2019, 9, 21)),
            Instance.Resumed(London.At(2019, 9, 21)),
            Instance.Suspended(London.At(2019, 9, 21)),
            Instance.Withdrawn(London.At(2019, 9, 21)),
            Instance.FootprintNotice(London.At(2019, 9, 21)),
            new CommandIssued(London.At(2019, 9, 21), command),
            new TimetableChanged(London.At(2019, 9, 21), 2),
        ];

        Assert.All(events, e => Assert.Equal("the system has been withdrawn from this round", StateMachine.Check(state, TestRound.Round, e)));
    }
}
