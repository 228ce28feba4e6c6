using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class RestartTests
{
    private static readonly InstanceState Withdrawn = Instance.Started()
        .Then(Instance.Draft(London.At(2019, 9, 20)))
        .Then(Instance.Extended(London.At(2019, 9, 20, 10), Milestone.Final, new DateTime(2019, 11, 22, 17, 0, 0)))
        .Then(new TimetableChanged(London.At(2019, 9, 21), 2))
        .Then(Instance.Withdrawn(London.At(2019, 9, 23)));

    [Fact]
    public void Check_RestartOfAWithdrawnInstance_IsAccepted() =>
        Assert.Null(StateMachine.Check(Withdrawn, TestRound.Round, Instance.Restarted(London.At(2019, 10, 1, 10))));

    [Theory]
    [InlineData("national@example.org", " ", "a restart needs a reason")]
    [InlineData("", "Re-formed", "who acted must be recorded")]
    public void Check_RestartWithoutReasonOrPerson_IsRefused(string by, string reason, string refusal) =>
        Assert.Equal(refusal, StateMachine.Check(Withdrawn, TestRound.Round, new Restarted(London.At(2019, 10, 1, 10), by, reason)));

    [Fact]
    public void Apply_Restarted_StartsAfreshKeepingTimetableVersionAndCountingOn()
    {
        var restarted = Withdrawn.Then(Instance.Restarted(London.At(2019, 10, 1, 10)));

        Assert.Equal(Stage.Drafting, restarted.Stage);
        Assert.Equal(1, restarted.Generation);
        Assert.Equal(2, restarted.RoundVersion);
        Assert.Equal(Withdrawn.Version + 1, restarted.Version);
        Assert.Equal(London.At(2019, 10, 1, 10), restarted.StartedAt);
        Assert.Equal(Instance.Region, restarted.Region);
        Assert.Empty(restarted.Completed);
        Assert.Empty(restarted.Extensions);
        Assert.Empty(restarted.Issued);
    }

    [Fact]
    public void Decide_AfterRestart_IssuesTheNewRunsCommandsUnderANewGeneration()
    {
        var timeline = Timeline.Start().RunTo(London.At(2019, 9, 30, 12));
        var before = timeline.Sent.Select(c => c.Id).ToHashSet();

        // Restarted mid-morning: the fresh run's timetable goes with the restart, its place on the draft's ladder at
        // the next send time.
        timeline.Then(Instance.Restarted(London.At(2019, 10, 1, 10))).RunTo(London.At(2019, 10, 2, 9));

        var fresh = timeline.Sent.Where(c => !before.Contains(c.Id)).ToList();
        Assert.Equal(["2019-20|E54000006/g1/timetable", "2019-20|E54000006/g1/draft/region@20190927T1600"], fresh.Select(c => c.Id));
        Assert.Equal([London.At(2019, 10, 1, 10), London.At(2019, 10, 2, 9)], fresh.Select(c => c.At));
    }
}
