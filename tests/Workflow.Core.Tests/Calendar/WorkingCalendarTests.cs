using System.Globalization;
using Workflow.Core.Calendar;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = TestRound.Calendar;

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void DraftDueDate_Is_AFridayAndAWorkingDay()
    {
        var draftDue = new DateOnly(2019, 9, 27);

        Assert.Equal(DayOfWeek.Friday, draftDue.DayOfWeek);
        Assert.True(Calendar.IsWorkingDay(draftDue));
    }

    [Theory]
    [InlineData("2019-09-27", true)] // Friday
    [InlineData("2019-09-28", false)] // Saturday
    [InlineData("2019-09-29", false)] // Sunday
    [InlineData("2019-09-30", true)] // Monday
    [InlineData("2019-08-26", false)] // summer bank holiday
    [InlineData("2019-12-24", true)]
    [InlineData("2019-12-25", false)]
    [InlineData("2019-12-26", false)]
    [InlineData("2020-05-08", false)] // VE day, moved from 4 May
    [InlineData("2020-05-04", true)]
    public void IsWorkingDay_Date_SkipsWeekendsAndBankHolidays(string date, bool expected) =>
        Assert.Equal(expected, Calendar.IsWorkingDay(Date(date)));

    [Theory]
    [InlineData("2019-11-15", -5, "2019-11-08")] // final plan's 5-day reminder
    [InlineData("2019-09-27", -10, "2019-09-13")]
    [InlineData("2019-09-27", -1, "2019-09-26")]
    [InlineData("2019-08-23", 1, "2019-08-27")] // over the weekend and the summer bank holiday
    [InlineData("2019-08-27", -1, "2019-08-23")]
    [InlineData("2019-09-27", 1, "2019-09-30")]
    [InlineData("2019-09-27", 3, "2019-10-02")]
    [InlineData("2019-09-27", 5, "2019-10-04")]
    [InlineData("2019-12-24", 1, "2019-12-27")]
    [InlineData("2019-12-31", 1, "2020-01-02")]
    [InlineData("2019-09-27", 0, "2019-09-27")]
    [InlineData("2019-09-28", 0, "2019-09-28")] // no days to count, so no moving off a weekend either
    public void AddWorkingDays_Offset_CountsOnlyWorkingDays(string from, int days, string expected) =>
        Assert.Equal(Date(expected), Calendar.AddWorkingDays(Date(from), days));

    [Theory]
    [InlineData("2019-08-24", "2019-08-27")] // Saturday before the summer bank holiday
    [InlineData("2019-12-25", "2019-12-27")]
    [InlineData("2019-09-27", "2019-09-27")]
    public void NextWorkingDay_Date_IsItselfOrTheFirstWorkingDayAfter(string from, string expected) =>
        Assert.Equal(Date(expected), Calendar.NextWorkingDay(Date(from)));

    [Theory]
    [InlineData(2019, 9, 27, 17, "2019-09-27T16:00Z", 1)] // BST
    [InlineData(2019, 11, 15, 17, "2019-11-15T17:00Z", 0)] // GMT
    [InlineData(2019, 6, 27, 9, "2019-06-27T08:00Z", 1)]
    [InlineData(2019, 10, 26, 9, "2019-10-26T08:00Z", 1)] // the day before the clocks go back
    [InlineData(2019, 10, 28, 9, "2019-10-28T09:00Z", 0)]
    public void ToInstant_LocalTime_UsesEuropeLondonOffset(int year, int month, int day, int hour, string utc, int offsetHours)
    {
        var instant = Calendar.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, 0));

        Assert.Equal(TimeSpan.FromHours(offsetHours), instant.Offset);
        Assert.Equal(utc, instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(1, 0, "2019-03-31T01:00Z")] // 01:00 does not exist on 31 Mar 2019: it is read as 02:00 BST
    [InlineData(1, 30, "2019-03-31T01:30Z")]
    [InlineData(0, 59, "2019-03-31T00:59Z")] // last minute of GMT
    [InlineData(2, 0, "2019-03-31T01:00Z")]
    public void ToInstant_SpringForwardGap_MovesAnHourLater(int hour, int minute, string utc)
    {
        var instant = Calendar.ToInstant(new DateOnly(2019, 3, 31), new TimeOnly(hour, minute));

        Assert.Equal(utc, instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ToInstant_AutumnRepeatedHour_TakesTheEarlierSummerTimeInstant()
    {
        var instant = Calendar.ToInstant(new DateOnly(2019, 10, 27), new TimeOnly(1, 30));

        Assert.Equal(TimeSpan.FromHours(1), instant.Offset);
        Assert.Equal(new DateTimeOffset(2019, 10, 27, 0, 30, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void LocalDate_LateEveningUtcInSummer_IsTheNextDayInLondon()
    {
        var instant = new DateTimeOffset(2019, 9, 27, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2019, 9, 28), Calendar.LocalDate(instant));
        Assert.Equal(TimeSpan.FromHours(1), Calendar.ToLocal(instant).Offset);
    }

    [Theory]
    [InlineData("2019-01-01", true)]
    [InlineData("2027-12-31", true)]
    [InlineData("2018-12-31", false)]
    [InlineData("2028-01-01", false)]
    [InlineData("2031-03-03", false)]
    public void Covers_Date_OnlyTheYearsTheBankHolidayDataLists(string date, bool expected) =>
        Assert.Equal(expected, Calendar.Covers(Date(date)));

    [Fact]
    public void IsWorkingDay_PastTheData_SkipsOnlyWeekends()
    {
        // Christmas 2031 is a Thursday; with no data for 2031 the calendar cannot know it, which is why Covers exists.
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2031, 12, 25)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2031, 12, 27)));
    }

    [Fact]
    public void Constructor_LastYearBeforeFirst_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingCalendar([], WorkingCalendar.London, 2020, 2019));

    [Fact]
    public void London_Is_TheEuropeLondonZone() => Assert.Equal("Europe/London", WorkingCalendar.London.Id);
}
