using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class DraftPromptTests
{
    private const string DraftDue = "due 2019-09-27T17:00+01:00";

    [Fact]
    public void Decide_AtRoundOpening_SendsTheTimetableToThePmo()
    {
        var round = TestRound.Round;

        var result = StateMachine.Decide(Instance.Started(), round, round.OpensAt);

        var command = Assert.Single(result.Commands);
        Assert.Equal("Timetable 2019-06-27T09:00+01:00 to Pmo", command.Describe());
        Assert.Equal("2019-20|E54000006/timetable", command.Id);
        Assert.Null(command.Milestone);
        Assert.Equal(0, command.PlanVersion);
        // Next comes the footprint window's first reminder, 10 working days before 31 Jul.
        Assert.Equal("2019-07-17T09:00+01:00", Instance.Local(result.NextWakeAt));
    }

    [Fact]
    public void Decide_BeforeRoundOpens_SendsNothingAndWakesAtTheOpening()
    {
        var state = Instance.Started(London.At(2019, 6, 20));

        var result = StateMachine.Decide(state, TestRound.Round, London.At(2019, 6, 20));

        Assert.Empty(result.Commands);
        Assert.Equal(TestRound.Round.OpensAt, result.NextWakeAt);
    }

    [Fact]
    public void Run_NoNotice_SendsFootprintRemindersOnlyBeforeItsDueDate()
    {
        var timeline = Timeline.Start().RunTo(London.At(2019, 9, 1));

        Assert.Equal(
            [
                "Reminder 2019-07-17T09:00+01:00 due 2019-07-31T17:00+01:00 to Pmo",
                "Reminder 2019-07-24T09:00+01:00 due 2019-07-31T17:00+01:00 to Pmo",
            ],
            timeline.Sent.About(Milestone.Footprint).Describe());
    }

    [Fact]
    public void Run_DraftNeverSubmitted_RemindsThenEscalatesStepByStep()
    {
        var round = TestRound.Round;

        var timeline = Timeline.Run(Instance.Started(), round, round.OpensAt, London.At(2019, 10, 31));

        Assert.Equal(
            [
                $"Reminder 2019-09-13T09:00+01:00 {DraftDue} to Pmo",
                $"Reminder 2019-09-20T09:00+01:00 {DraftDue} to Pmo",
                $"Reminder 2019-09-26T09:00+01:00 {DraftDue} to Pmo",
                $"DueToday 2019-09-27T09:00+01:00 {DraftDue} to Pmo",
                $"Overdue 2019-09-30T09:00+01:00 {DraftDue} to Pmo cc RegionalDirector",
                $"EscalationToRegion 2019-10-02T09:00+01:00 {DraftDue} to RegionalDirector cc Pmo",
                $"EscalationToNational 2019-10-04T09:00+01:00 {DraftDue} to National cc RegionalDirector+Pmo",
            ],
            timeline.Sent.About(Milestone.Draft).Describe());
        Assert.Equal(LadderLevel.National, timeline.State.Escalations[new MilestoneKey(Milestone.Draft, 0)]);
        Assert.Empty(timeline.Sent.About(Milestone.Final));
    }

    [Fact]
    public void Run_DraftPrompts_CarryIdsNamingMilestoneRuleAndDueDate()
    {
        var timeline = Timeline.Start().RunTo(London.At(2019, 9, 13));

        var reminder = Assert.Single(timeline.Sent.About(Milestone.Draft));
        Assert.Equal("2019-20|E54000006/draft/remind-10@20190927T1600", reminder.Id);
    }

    [Fact]
    public void Run_DraftSubmittedLate_AcknowledgesItAndChasesTheDraftNoMore()
    {
        var submitted = London.At(2019, 10, 1, 12);

        var timeline = Timeline.Start().Then(Instance.Draft(submitted)).RunTo(London.At(2020, 3, 31));

        var draft = timeline.Sent.About(Milestone.Draft).ToList();
        Assert.Equal($"SubmissionReceived 2019-10-01T12:00+01:00 {DraftDue} to Pmo cc RegionalDirector", draft[^1].Describe());
        Assert.DoesNotContain(draft, c => c.IsChaser() && c.At >= submitted);
        Assert.Equal(LadderLevel.Overdue, timeline.State.Escalations[new MilestoneKey(Milestone.Draft, 0)]);
        Assert.Equal(Stage.FinalDue, timeline.State.Stage);
    }

    [Fact]
    public void Run_DraftSubmittedOnTime_StartsTheFinalPlanReminders()
    {
        const string finalDue = "due 2019-11-15T17:00+00:00";

        var timeline = Timeline.Start().Then(Instance.Draft(London.At(2019, 9, 26, 15))).RunTo(London.At(2019, 12, 31));

        Assert.Equal(
            [
                $"Reminder 2019-11-01T09:00+00:00 {finalDue} to Pmo",
                $"Reminder 2019-11-08T09:00+00:00 {finalDue} to Pmo",
                $"Reminder 2019-11-14T09:00+00:00 {finalDue} to Pmo",
                $"DueToday 2019-11-15T09:00+00:00 {finalDue} to Pmo",
                $"Overdue 2019-11-18T09:00+00:00 {finalDue} to Pmo cc RegionalDirector",
                $"EscalationToRegion 2019-11-20T09:00+00:00 {finalDue} to RegionalDirector cc Pmo",
                $"EscalationToNational 2019-11-22T09:00+00:00 {finalDue} to National cc RegionalDirector+Pmo",
            ],
            timeline.Sent.About(Milestone.Final).Describe());
        Assert.DoesNotContain(timeline.Sent.About(Milestone.Draft), c => c.IsChaser() && c.At > London.At(2019, 9, 26, 15));
    }

    [Fact]
    public void Run_DraftSubmittedAfterSomeFinalRemindersWereDue_SendsOnlyTheLaterOnes()
    {
        var timeline = Timeline.Start().Then(Instance.Draft(London.At(2019, 11, 5, 10))).RunTo(London.At(2019, 11, 16));

        Assert.Equal(
            ["2019-11-08T09:00+00:00", "2019-11-14T09:00+00:00", "2019-11-15T09:00+00:00"],
            timeline.Sent.About(Milestone.Final).Select(c => Instance.Local(c.At)));
    }

    [Fact]
    public void Run_DraftSubmitted_EndsTheFootprintWindow()
    {
        var timeline = Timeline.Start().Then(Instance.Draft(London.At(2019, 7, 10))).RunTo(London.At(2019, 8, 30));

        Assert.Empty(timeline.Sent.About(Milestone.Footprint));
    }

    [Fact]
    public void Decide_RegionalFeedback_TellsThePmo()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Draft(London.At(2019, 9, 26, 15)))
            .Then(Instance.RegionalFeedback(London.At(2019, 10, 3, 14)));

        Assert.Equal($"RegionalFeedback 2019-10-03T14:00+01:00 {DraftDue} to Pmo", timeline.Sent.Last().Describe());
    }
}
