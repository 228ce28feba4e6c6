using CsCheck;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Properties;

public sealed class CalendarProperties
{
    private static readonly Gen<DateOnly> Dates = Gen.Int[0, 365 * 8].Select(days => new DateOnly(2019, 1, 1).AddDays(days));

    [Fact]
    public void AddWorkingDays_Anywhere_LandsOnAWorkingDayHavingPassedExactlyThatMany() =>
        Gen.Select(Dates, Gen.Int[-30, 30]).Sample((date, days) =>
        {
            var calendar = TestRound.Calendar;
            var result = calendar.AddWorkingDays(date, days);
            if (days == 0)
            {
                Assert.Equal(date, result);
                return;
            }
            Assert.True(calendar.IsWorkingDay(result));
            var (from, to) = days > 0 ? (date, result) : (result, date);
            var passed = Enumerable.Range(1, to.DayNumber - from.DayNumber).Count(d => calendar.IsWorkingDay(from.AddDays(days > 0 ? d : d - 1)));
            Assert.Equal(Math.Abs(days), passed);
        }, iter: 200);

    [Fact]
    public void AddWorkingDays_FromAWorkingDay_IsUndoneByTheOpposite() =>
        Gen.Select(Dates, Gen.Int[1, 30]).Where(t => TestRound.Calendar.IsWorkingDay(t.Item1)).Sample((date, days) =>
            Assert.Equal(date, TestRound.Calendar.AddWorkingDays(TestRound.Calendar.AddWorkingDays(date, days), -days)), iter: 200);

    [Fact]
    public void ToInstant_AnyLocalTimeThatExists_ReadsBackAsTheSameLocalTime() =>
        Gen.Select(Dates, Gen.Int[0, 24 * 60 - 1]).Sample((date, minute) =>
        {
            var calendar = TestRound.Calendar;
            var local = date.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minute)));
            if (calendar.TimeZone.IsInvalidTime(local))
            {
                return;
            }
            var instant = calendar.ToInstant(local);
            Assert.Equal(local, calendar.ToLocal(instant).DateTime);
            Assert.Equal(date, calendar.LocalDate(instant));
        }, iter: 500);
}
