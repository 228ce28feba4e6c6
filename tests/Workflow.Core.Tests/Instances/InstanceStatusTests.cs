using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class InstanceStatusTests
{
    [Theory]
    // The footprint notice is optional: though open, it is never what is due next.
    [InlineData("started", "draft", "2019-09-27T17:00+01:00")]
    [InlineData("footprint notice given", "footprint-acknowledgement#1", "2019-07-15T17:00+01:00")]
    [InlineData("draft late", "draft", "2019-09-27T17:00+01:00")]
    [InlineData("draft in, paired", "peer-review", "2019-10-25T17:00+01:00")]
    [InlineData("final in", "agreement#1", "2019-11-28T17:00+00:00")]
    [InlineData("changes requested", "resubmission#1", "2019-12-04T17:00+00:00")]
    [InlineData("agreed", "publication", "2019-12-18T17:00+00:00")]
    [InlineData("published", null, null)]
    [InlineData("withdrawn", null, null)]
    public void Of_Story_NextIsTheEarliestOwedOpenMilestone(string story, string? milestone, string? due)
    {
        var timeline = Stories.Told(story);

        var status = InstanceStatus.Of(timeline.State, timeline.Round, timeline.Now);

        Assert.Equal(milestone, status.NextMilestone);
        Assert.Equal(due, Instance.Local(status.NextDue));
    }

    [Theory]
    [InlineData("started", LadderLevel.None, null)]
    [InlineData("draft late", LadderLevel.National, "draft")]
    // Done since: the escalation no longer stands, though the instance remembers it was sent.
    [InlineData("draft in after escalation", LadderLevel.None, null)]
    public void Of_Story_EscalationIsTheHighestStillOpen(string story, LadderLevel level, string? milestone)
    {
        var timeline = Stories.Told(story);

        var status = InstanceStatus.Of(timeline.State, timeline.Round, timeline.Now);

        Assert.Equal(level, status.Escalation);
        Assert.Equal(milestone, status.EscalatedMilestone);
    }

    [Fact]
    public void Of_CopiesWhatTheStateSaysAndWhenItWasWorkedOut()
    {
        var timeline = Stories.Told("changes requested");
        var at = London.At(2019, 11, 21);

        var status = InstanceStatus.Of(timeline.State with { IsSuspended = true }, timeline.Round, at);

        Assert.Equal(
            (Instance.Id, Instance.Region, timeline.State.Version, Stage.ChangesRequested, true, 1, at),
            (status.Instance, status.Region, status.Version, status.Stage, status.Suspended, status.PlanVersion, status.UpdatedAt));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void IsOverdueAt_MinutesAfterTheNextDue_OverdueOnlyOnceItHasPassed(int minutes, bool overdue)
    {
        var status = InstanceStatus.Of(Instance.Started(), TestRound.Round, TestRound.Round.OpensAt);

        Assert.Equal(overdue, status.IsOverdueAt(status.NextDue!.Value.AddMinutes(minutes)));
    }

    [Fact]
    public void IsOverdueAt_NothingDue_IsNeverOverdue()
    {
        var status = InstanceStatus.Of(Stories.Told("published").State, TestRound.Round, London.At(2019, 12, 2, 11));

        Assert.False(status.IsOverdueAt(London.At(2030, 1, 1)));
    }
}
