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
    public void Run_Resumed_SendsOnlyTheLatestMissedPrompt()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 9, 10)))
            .RunTo(London.At(2019, 9, 30, 23))
            .Then(Instance.Resumed(London.At(2019, 10, 1, 10)))
            .RunTo(London.At(2019, 10, 31));

        Assert.Equal(
            [
                "Overdue 2019-10-01T10:00+01:00 due 2019-09-27T17:00+01:00 to Pmo cc RegionalDirector",
                "EscalationToRegion 2019-10-02T09:00+01:00 due 2019-09-27T17:00+01:00 to RegionalDirector cc Pmo",
                "EscalationToNational 2019-10-04T09:00+01:00 due 2019-09-27T17:00+01:00 to National cc RegionalDirector+Pmo",
            ],
            timeline.Sent.About(Milestone.Draft).Describe());
    }

    [Fact]
    public void Run_ResumedOnASaturday_WaitsForMondaysSendTime()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 9, 10)))
            .Then(Instance.Resumed(London.At(2019, 10, 5, 10)));

        Assert.Empty(timeline.Sent.About(Milestone.Draft));
        Assert.Equal("2019-10-07T09:00+01:00", Instance.Local(timeline.NextWakeAt));

        timeline.RunTo(London.At(2019, 10, 7, 9));

        Assert.Equal(
            ["EscalationToNational 2019-10-07T09:00+01:00 due 2019-09-27T17:00+01:00 to National cc RegionalDirector+Pmo"],
            timeline.Sent.About(Milestone.Draft).Describe());
    }

    [Fact]
    public void Run_ResumedAfterTheFootprintDeadline_SendsNoStaleFootprintReminder()
    {
        // The footprint notice is optional and has no ladder, so once 31 Jul has passed there is nothing true to say.
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 7, 15)))
            .Then(Instance.Resumed(London.At(2019, 8, 1, 10)))
            .RunTo(London.At(2019, 9, 1));

        Assert.Empty(timeline.Sent.About(Milestone.Footprint));
    }

    [Fact]
    public void Run_ResumedOnTheDueDayAfterTheDeadline_WaitsForTheOverdueStep()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 9, 10)))
            .Then(Instance.Resumed(London.At(2019, 9, 27, 18)))
            .RunTo(London.At(2019, 9, 30, 9));

        Assert.Equal(
            ["Overdue 2019-09-30T09:00+01:00 due 2019-09-27T17:00+01:00 to Pmo cc RegionalDirector"],
            timeline.Sent.About(Milestone.Draft).Describe());
    }

    [Fact]
    public void Run_Resumed_SendsNoticesOwedWhileSuspended()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Suspended(London.At(2019, 9, 10)))
            .Then(Instance.Draft(London.At(2019, 9, 20)));
        Assert.DoesNotContain(timeline.Sent, c => c.Kind == MessageKind.SubmissionReceived);

        timeline.Then(Instance.Resumed(London.At(2019, 9, 23, 10)));

        Assert.Equal(
            "SubmissionReceived 2019-09-23T10:00+01:00 due 2019-09-27T17:00+01:00 to Pmo cc RegionalDirector",
            timeline.Sent.Single(c => c.Kind == MessageKind.SubmissionReceived).Describe());
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
