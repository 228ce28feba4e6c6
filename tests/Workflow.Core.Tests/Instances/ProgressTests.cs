using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class ProgressTests
{
    [Theory]
    [InlineData("started", Milestone.Draft)]
    [InlineData("footprint notice given", Milestone.Draft)]
    [InlineData("draft in", Milestone.Final)]
    // Peer review is the peer's to send, so the system still owes its final plan.
    [InlineData("draft in, paired", Milestone.Final)]
    [InlineData("final in", null)]
    [InlineData("changes requested", Milestone.Resubmission)]
    [InlineData("agreed", Milestone.Publication)]
    [InlineData("published", null)]
    [InlineData("withdrawn", null)]
    public void DueNow_Story_IsWhatThePmoSendsNext(string story, Milestone? expected)
    {
        Assert.Equal(expected, Progress.DueNow(Stories.Told(story).State));
    }

    [Theory]
    [InlineData("started", "footprint Optional|draft Open|peer-review NotYet|final NotYet|agreement NotYet|publication NotYet")]
    // Past the footprint date with no notice: nothing was owed, so none was given rather than overdue.
    [InlineData("draft late", "footprint NoneGiven|draft Overdue|peer-review NotYet|final NotYet|agreement NotYet|publication NotYet")]
    [InlineData("draft in after escalation", "footprint NoneGiven|draft DoneLate|peer-review NotYet|final Open|agreement NotYet|publication NotYet")]
    [InlineData("draft in, paired", "footprint NoneGiven|draft Done|peer-review Open|final Open|agreement NotYet|publication NotYet")]
    [InlineData("final in", "footprint NoneGiven|draft Done|peer-review NotYet|final Done|agreement Open|publication NotYet")]
    [InlineData("published", "footprint NoneGiven|draft Done|peer-review NotYet|final Done|agreement Done|publication Done")]
    public void Of_Story_EachMilestoneTheSystemFollowsInOrder(string story, string expected)
    {
        var timeline = Stories.Told(story);

        var progress = Progress.Of(timeline.State, timeline.Round, timeline.Now);

        Assert.Equal(expected, string.Join('|', progress.Select(p => $"{p.Milestone.Name()} {p.State}")));
    }

    [Theory]
    [InlineData(-1, ProgressState.Open)]
    [InlineData(0, ProgressState.Open)]
    [InlineData(1, ProgressState.Overdue)]
    public void Of_MinutesAfterTheDraftIsDue_OverdueOnlyOnceItHasPassed(int minutes, ProgressState expected)
    {
        var due = London.At(2019, 9, 27, 17);

        var draft = Progress.Of(Instance.Started(), TestRound.Round, due.AddMinutes(minutes)).Single(p => p.Milestone == Milestone.Draft);

        Assert.Equal((due, expected, (DateTimeOffset?)null), (draft.Due, draft.State, draft.DoneAt));
    }

    [Fact]
    public void Of_DoneAfterItsDueDate_IsDoneLateWithWhenItWasDone()
    {
        var timeline = Stories.Told("draft in after escalation");

        var draft = Progress.Of(timeline.State, timeline.Round, timeline.Now).Single(p => p.Milestone == Milestone.Draft);

        Assert.Equal((ProgressState.DoneLate, London.At(2019, 10, 7, 14)), (draft.State, draft.DoneAt));
    }

    [Fact]
    public void Of_RoundWithoutPeerReview_LeavesItOut()
    {
        var round = TestRound.Parse(root =>
        {
            root.RemoveMilestone("peer-review");
            root["reminders"]!.AsArray().Remove(root.Rule("reminders", "peer-review"));
            root["ladder"]!.AsArray().Remove(root.Rule("ladder", "peer-review"));
        }).GetValueOrThrow("the round without peer review");

        var progress = Progress.Of(Instance.Started(), round, round.OpensAt);

        Assert.Equal(
            [Milestone.Footprint, Milestone.Draft, Milestone.Final, Milestone.Agreement, Milestone.Publication],
            progress.Select(p => p.Milestone));
    }
}
