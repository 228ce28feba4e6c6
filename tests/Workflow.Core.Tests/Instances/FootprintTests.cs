using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class FootprintTests
{
    private const string AckDue = "due 2019-07-15T17:00+01:00";

    [Theory]
    [InlineData(NoticeSource.System)]
    [InlineData(NoticeSource.LocalAuthority)]
    public void Decide_NoticeGiven_AsksTheDirectorToAcknowledgeAndCopiesThePmo(NoticeSource source)
    {
        var timeline = Timeline.Start().Then(Instance.FootprintNotice(London.At(2019, 7, 1, 10), source));

        var notice = timeline.Sent.Last();
        Assert.Equal($"FootprintNoticeReceived 2019-07-01T10:00+01:00 {AckDue} to RegionalDirector cc Pmo", notice.Describe());
        Assert.Equal(new MilestoneKey(Milestone.FootprintAcknowledgement, 1), notice.Key);
        Assert.Equal(source, Assert.Single(timeline.State.FootprintNotices).Source);
    }

    [Fact]
    public void Run_NoticeNeverAcknowledged_RemindsTheDirectorThenEscalatesToNational()
    {
        var timeline = Timeline.Start().Then(Instance.FootprintNotice(London.At(2019, 7, 1, 10))).RunTo(London.At(2019, 9, 1));

        Assert.Equal(
            [
                $"FootprintNoticeReceived 2019-07-01T10:00+01:00 {AckDue} to RegionalDirector cc Pmo",
                $"Reminder 2019-07-11T09:00+01:00 {AckDue} to RegionalDirector",
                $"DueToday 2019-07-15T09:00+01:00 {AckDue} to RegionalDirector",
                $"Overdue 2019-07-16T09:00+01:00 {AckDue} to RegionalDirector",
                $"EscalationToNational 2019-07-22T09:00+01:00 {AckDue} to National cc RegionalDirector",
            ],
            timeline.Sent.About(Milestone.FootprintAcknowledgement, 1).Describe());
        Assert.Equal(LadderLevel.National, timeline.State.Escalations[new MilestoneKey(Milestone.FootprintAcknowledgement, 1)]);
    }

    [Fact]
    public void Run_NoticeAcknowledged_TellsThePmoAndStopsChasing()
    {
        var timeline = Timeline.Start()
            .Then(Instance.FootprintNotice(London.At(2019, 7, 1, 10)))
            .Then(Instance.Acknowledged(London.At(2019, 7, 17, 10)))
            .RunTo(London.At(2019, 9, 1));

        var sent = timeline.Sent.About(Milestone.FootprintAcknowledgement, 1).ToList();
        Assert.Equal($"FootprintAcknowledged 2019-07-17T10:00+01:00 {AckDue} to Pmo", sent[^1].Describe());
        Assert.Equal([MessageKind.Overdue], sent.Where(c => c.Level != LadderLevel.None).Select(c => c.Kind));
        Assert.Equal(London.At(2019, 7, 17, 10), timeline.State.FootprintNotices[0].AcknowledgedAt);
    }

    [Fact]
    public void Run_NoticeGiven_EndsTheFootprintWindowReminders()
    {
        var timeline = Timeline.Start().Then(Instance.FootprintNotice(London.At(2019, 7, 1, 10))).RunTo(London.At(2019, 9, 1));

        Assert.Empty(timeline.Sent.About(Milestone.Footprint));
        Assert.True(timeline.State.IsDone(Milestone.Footprint));
    }

    [Fact]
    public void Run_SecondNotice_IsItsOwnCycleWithItsOwnDueDate()
    {
        var timeline = Timeline.Start()
            .Then(Instance.FootprintNotice(London.At(2019, 7, 1, 10)))
            .Then(Instance.Acknowledged(London.At(2019, 7, 2, 10)))
            .Then(Instance.FootprintNotice(London.At(2019, 8, 1, 10), NoticeSource.System));

        var second = timeline.Sent.Last();
        Assert.Equal("FootprintNoticeReceived 2019-08-01T10:00+01:00 due 2019-08-15T17:00+01:00 to RegionalDirector cc Pmo", second.Describe());
        Assert.Equal(new MilestoneKey(Milestone.FootprintAcknowledgement, 2), second.Key);
    }
}
