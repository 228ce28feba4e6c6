using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Rounds;

public sealed class RoundTests
{
    [Theory]
    [InlineData(Milestone.Agreement, 2019, 11, 14, 11, "2019-11-28T17:00+00:00")]
    [InlineData(Milestone.Agreement, 2019, 11, 16, 11, "2019-11-29T17:00+00:00")] // opened on a Saturday: counting starts from it
    [InlineData(Milestone.FootprintAcknowledgement, 2019, 7, 1, 10, "2019-07-15T17:00+01:00")]
    [InlineData(Milestone.Publication, 2019, 12, 2, 10, "2020-01-02T17:00+00:00")] // over Christmas and New Year
    public void RelativeDue_OpenedAt_CountsWorkingDaysFromTheLocalDate(Milestone milestone, int year, int month, int day, int hour, string due) =>
        Assert.Equal(due, Instance.Local(TestRound.Round.RelativeDue(milestone, London.At(year, month, day, hour))));

    [Fact]
    public void SendTime_WorkingDay_IsNineInTheMorningLocally()
    {
        Assert.Equal("2019-09-13T09:00+01:00", Instance.Local(TestRound.Round.SendTime(new DateOnly(2019, 9, 13))));
        Assert.Equal("2019-11-08T09:00+00:00", Instance.Local(TestRound.Round.SendTime(new DateOnly(2019, 11, 8))));
    }

    [Fact]
    public void LatestPossibleDate_ShippedRound_IsTheNationalPlanPlusEveryWindowAndTheLongestLadder() =>
        // 31 Dec 2019 + (10 + 10 + 10 + 20) windows + 5 ladder days = 55 working days.
        Assert.Equal(TestRound.Calendar.AddWorkingDays(new DateOnly(2019, 12, 31), 55), TestRound.Round.LatestPossibleDate());
}
