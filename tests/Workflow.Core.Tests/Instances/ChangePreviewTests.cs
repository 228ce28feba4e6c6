using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class ChangePreviewTests
{
    private static readonly Round DraftAWeekLater = TestRound.Changed(2, r => r.Milestone("draft")["due"] = "2019-10-04T17:00");

    [Fact]
    public void Of_TimetableChange_TheDateItMovesAndWhatTheInstanceWouldSendAsTheChangeItselfWould()
    {
        var now = London.At(2019, 9, 16, 12);
        var timeline = Timeline.Start().RunTo(now);

        var preview = ChangePreview.Of(timeline.State, TestRound.Round, DraftAWeekLater, now, [new TimetableChanged(now, 2)]);

        var moved = Assert.Single(preview.Moves);
        Assert.Equal((Milestone.Draft, London.At(2019, 9, 27, 17), London.At(2019, 10, 4, 17)), (moved.Key.Milestone, moved.From, moved.To));
        // The same change applied for real sends exactly what the preview said it would.
        timeline.Follow(DraftAWeekLater, now).RunTo(London.At(2020, 3, 31));
        Assert.Equal(timeline.Sent.Where(c => c.At >= now).Select(c => c.Id), preview.Sends.Select(c => c.Id));
        Assert.Equal(MessageKind.TimetableChanged, preview.Sends[0].Kind);
        Assert.Null(preview.Refusal);
    }

    [Fact]
    public void Of_Resumption_DatesMovedOnByTheWorkingDaysSuspendedAndNothingAtOnce()
    {
        var resumedAt = London.At(2019, 10, 1, 10);
        var state = Timeline.Start().Then(Instance.Suspended(London.At(2019, 9, 10))).RunTo(resumedAt).State;

        var preview = ChangePreview.Of(state, TestRound.Round, TestRound.Round, resumedAt, [Instance.Resumed(resumedAt)]);

        Assert.Contains(preview.Moves, m => m.Key.Milestone == Milestone.Draft && m.To == London.At(2019, 10, 21, 17));
        // The notice that planning has resumed goes at once, with the same moves; every prompt waits for its own time.
        Assert.Equal((MessageKind.Resumed, resumedAt), (preview.Sends[0].Kind, preview.Sends[0].At));
        Assert.Equal(preview.Moves.Select(m => m.Key), preview.Sends[0].Moves!.Select(m => m.Key));
        Assert.All(preview.Sends.Skip(1), c => Assert.True(c.At > resumedAt, $"{c.Describe()} would go at once"));
        Assert.Equal("Reminder 2019-10-07T09:00+01:00 due 2019-10-21T17:00+01:00 to Pmo", preview.Sends[1].Describe());
        Assert.True(state.IsSuspended, "previewing changed the instance");
    }

    [Fact]
    public void Of_ChangeTheInstanceRefuses_SaysWhyAndMovesNothing()
    {
        var state = Instance.Started().Then(Instance.Withdrawn(London.At(2019, 9, 1)));

        var preview = ChangePreview.Of(state, TestRound.Round, DraftAWeekLater, London.At(2019, 9, 16), [new TimetableChanged(London.At(2019, 9, 16), 2)]);

        Assert.Equal("the system has been withdrawn from this round", preview.Refusal);
        Assert.Empty(preview.Moves);
        Assert.Empty(preview.Sends);
    }
}
