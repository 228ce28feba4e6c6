using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class WorkingDayTests
{
    [Fact]
    public void Decide_OnASaturdayWithAPromptMissed_DefersToMondaysSendTime()
    {
        // The host was down from Thursday night; its first tick is on Saturday.
        var state = Timeline.Start().RunTo(London.At(2019, 9, 12, 23)).State;

        var saturday = StateMachine.Decide(state, TestRound.Round, London.At(2019, 9, 14, 10));
        var monday = StateMachine.Decide(state, TestRound.Round, London.At(2019, 9, 16, 9));

        Assert.Empty(saturday.Commands);
        Assert.Equal("2019-09-16T09:00+01:00", Instance.Local(saturday.NextWakeAt));
        Assert.Equal(["Reminder 2019-09-16T09:00+01:00 due 2019-09-27T17:00+01:00 to Pmo"], monday.Commands.Describe());
    }

    [Fact]
    public void Decide_OnABankHoliday_DefersToTheNextWorkingDay()
    {
        // Agreement due Tue 24 Dec; the host's next tick after it is Christmas Day.
        var state = Timeline.Start()
            .Then(Instance.Draft(London.At(2019, 9, 26, 15)))
            .Then(Instance.Final(London.At(2019, 11, 14, 11)))
            .Then(Instance.ChangesRequested(London.At(2019, 11, 20, 10), version: 1))
            .Then(Instance.Resubmission(London.At(2019, 12, 10, 11)))
            .RunTo(London.At(2019, 12, 24, 8))
            .State;

        var christmas = StateMachine.Decide(state, TestRound.Round, London.At(2019, 12, 25, 10));

        Assert.Empty(christmas.Commands);
        Assert.Equal("2019-12-27T09:00+00:00", Instance.Local(christmas.NextWakeAt));
        Assert.Equal(
            ["Overdue 2019-12-27T09:00+00:00 due 2019-12-24T17:00+00:00 to RegionalDirector"],
            StateMachine.Decide(state, TestRound.Round, London.At(2019, 12, 27)).Commands.Describe());
    }

    [Fact]
    public void Decide_NoticeOnASaturday_GoesAtOnce()
    {
        // Notices answer what someone just did, so they do not wait for a working day.
        var timeline = Timeline.Start().Then(Instance.Draft(London.At(2019, 9, 28, 11)));

        Assert.Equal(London.At(2019, 9, 28, 11), timeline.Sent.Single(c => c.Kind == MessageKind.SubmissionReceived).At);
    }

    [Fact]
    public void Decide_TwiceAtTheSameInstant_ActsOnce()
    {
        var state = Timeline.Start().RunTo(London.At(2019, 9, 27, 8)).State;
        var now = London.At(2019, 9, 27, 9);

        var first = StateMachine.Decide(state, TestRound.Round, now);
        var again = StateMachine.Decide(state, TestRound.Round, now);
        var applied = first.Commands.Aggregate(state, (s, c) => s.Then(new CommandIssued(now, c)));

        Assert.Equal(first.Commands.Select(c => c.Id), again.Commands.Select(c => c.Id));
        Assert.Equal(first.NextWakeAt, again.NextWakeAt);
        Assert.NotEmpty(first.Commands);
        Assert.Empty(StateMachine.Decide(applied, TestRound.Round, now).Commands);
    }
}
