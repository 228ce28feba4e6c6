using System.Text.Json.Nodes;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class MatrixTests
{
    private static CellTag TagOf(Timeline timeline, Milestone milestone, DateTimeOffset? at = null) =>
        Matrix.Tag(
            Matrix.Facts(timeline.State, timeline.Round).Single(f => f.Milestone == milestone),
            timeline.State.IsSuspended, timeline.State.Stage == Stage.Withdrawn, at ?? timeline.Now);

    [Fact]
    public void Facts_AreTheMilestonesASystemFollowsInTheOrderItMeetsThem() =>
        Assert.Equal(
            [Milestone.Footprint, Milestone.Draft, Milestone.PeerReview, Milestone.Final, Milestone.Agreement, Milestone.Publication],
            Matrix.Facts(Instance.Started(), TestRound.Round).Select(f => f.Milestone));

    [Fact]
    public void Tag_TheDraft_IsOpenThenDueSoonFromItsFirstReminderThenOverdueThenEscalated()
    {
        // The draft is due Friday 27 September at 5pm; its first reminder is ten working days before, Friday 13 September.
        var timeline = Timeline.Start();

        Assert.Equal(CellTag.Open, TagOf(timeline.RunTo(London.At(2019, 9, 13, 8, 59)), Milestone.Draft));
        Assert.Equal(CellTag.DueSoon, TagOf(timeline.RunTo(London.At(2019, 9, 13, 9)), Milestone.Draft));
        Assert.Equal(CellTag.Overdue, TagOf(timeline.RunTo(London.At(2019, 9, 27, 17, 1)), Milestone.Draft));
        // Three working days after, the ladder reaches the region.
        Assert.Equal(CellTag.Escalated, TagOf(timeline.RunTo(London.At(2019, 10, 2, 9)), Milestone.Draft));
    }

    [Fact]
    public void Tag_ADraftInOnTimeOrLate_SaysWhich()
    {
        var onTime = Timeline.Start().Then(Instance.Draft(London.At(2019, 9, 27, 16)));
        var late = Timeline.Start().RunTo(London.At(2019, 9, 30, 10)).Then(Instance.Draft(London.At(2019, 9, 30, 10)));

        Assert.Equal(CellTag.DoneOnTime, TagOf(onTime, Milestone.Draft));
        Assert.Equal(CellTag.DoneLate, TagOf(late, Milestone.Draft));
        Assert.Equal(London.At(2019, 9, 30, 10), Matrix.Facts(late.State, late.Round).Single(f => f.Milestone == Milestone.Draft).DoneAt);
    }

    [Fact]
    public void Tag_AfterAnExtension_IsExtendedUntilTheNewDatePasses()
    {
        var timeline = Timeline.Start().Then(Instance.Extended(London.At(2019, 9, 20), Milestone.Draft, new DateTime(2019, 10, 11, 17, 0, 0)));

        Assert.Equal(CellTag.Extended, TagOf(timeline, Milestone.Draft, London.At(2019, 10, 1)));
        Assert.Equal(CellTag.Overdue, TagOf(timeline, Milestone.Draft, London.At(2019, 10, 11, 17, 1)));
    }

    [Fact]
    public void Timeline_AfterAnExtension_KeepsTheRoundsDateBesideTheNewOne()
    {
        var timeline = Timeline.Start().Then(Instance.Extended(London.At(2019, 9, 20), Milestone.Draft, new DateTime(2019, 10, 11, 17, 0, 0)));

        var entries = Matrix.Timeline(timeline.State, timeline.Round, London.At(2019, 10, 1));

        var draft = entries.Single(e => e.Facts.Milestone == Milestone.Draft);
        Assert.Equal((London.At(2019, 9, 27, 17), London.At(2019, 10, 11, 17), CellTag.Extended), (draft.PlannedDue, draft.ExtendedDue, draft.Tag));
        var final = entries.Single(e => e.Facts.Milestone == Milestone.Final);
        Assert.Null(final.ExtendedDue);
        Assert.Equal(final.Facts.Due, final.PlannedDue);
    }

    [Fact]
    public void Tag_WhileSuspended_IsSuspendedEvenWhenOverdue()
    {
        var timeline = Timeline.Start().RunTo(London.At(2019, 9, 30)).Then(Instance.Suspended(London.At(2019, 9, 30, 10)));

        Assert.Equal(CellTag.Suspended, TagOf(timeline, Milestone.Draft));
        Assert.Equal(CellTag.NotYet, TagOf(timeline, Milestone.Final));
    }

    [Fact]
    public void Tag_TheOptionalFootprintNotice_IsOpenUntilItsDateThenNotRequired()
    {
        var timeline = Timeline.Start();

        Assert.Equal(CellTag.Open, TagOf(timeline, Milestone.Footprint, London.At(2019, 7, 1)));
        Assert.Equal(CellTag.NotRequired, TagOf(timeline, Milestone.Footprint, London.At(2019, 8, 1)));
    }

    [Fact]
    public void Tag_AfterWithdrawal_WhatWasOwedIsNotRequired()
    {
        var timeline = Timeline.Start().Then(Instance.Withdrawn(London.At(2019, 9, 2)));

        Assert.Equal(CellTag.NotRequired, TagOf(timeline, Milestone.Draft));
    }

    [Fact]
    public void Tag_PublicationOnAHeldDate_IsHeld()
    {
        var round = TestRound.Parse(r => r.Milestone("publication")["hold"] = new JsonObject { ["notBefore"] = "2019-12-20", ["reason"] = "Pre-election period" })
            .GetValueOrThrow("the held round");
        var timeline = Timeline.Start(round: round)
            .Then(Instance.Draft(London.At(2019, 9, 26, 15)))
            .Then(Instance.Final(London.At(2019, 11, 14, 11)))
            .Then(Instance.Agreed(London.At(2019, 11, 20, 10), version: 1));

        var publication = Matrix.Facts(timeline.State, round).Single(f => f.Milestone == Milestone.Publication);

        Assert.True(publication.Held);
        Assert.Equal(CellTag.Held, TagOf(timeline, Milestone.Publication, London.At(2019, 11, 25)));
        Assert.False(Matrix.Facts(timeline.State, TestRound.Round).Single(f => f.Milestone == Milestone.Publication).Held);
    }

    [Fact]
    public void NationalPlan_IsReadyOnlyWhenEverySystemIsAgreedPublishedOrWithdrawn()
    {
        var agreed = Stories.Told("published").State;
        var withdrawn = Instance.Started().Then(Instance.Withdrawn(London.At(2019, 9, 2)));
        var drafting = Instance.Started();
        InstanceStatus StatusOf(InstanceState state) => InstanceStatus.Of(state, TestRound.Round, London.At(2019, 12, 2));

        var notYet = NationalPlanStanding.Of(TestRound.Round, [StatusOf(agreed), StatusOf(withdrawn), StatusOf(drafting)]);
        var ready = NationalPlanStanding.Of(TestRound.Round, [StatusOf(agreed), StatusOf(withdrawn)]);

        Assert.False(notYet.Ready);
        Assert.Equal((1, 1, 1), (notYet.Agreed, notYet.Withdrawn, notYet.Outstanding));
        Assert.True(ready.Ready);
        Assert.Equal(TestRound.Round.FixedDue(Milestone.NationalPlan), ready.Due);
        Assert.False(NationalPlanStanding.Of(TestRound.Round, []).Ready);
    }
}
