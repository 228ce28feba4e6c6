using Workflow.Notifications.Templates;

namespace Workflow.Notifications.Tests.Templates;

public sealed class UkTimeTests
{
    [Theory]
    [InlineData("2019-09-27T16:00:00Z", "Friday 27 September 2019 at 5pm")] // British Summer Time
    [InlineData("2019-11-15T17:00:00Z", "Friday 15 November 2019 at 5pm")] // Greenwich Mean Time
    [InlineData("2019-11-08T09:00:00Z", "Friday 8 November 2019 at 9am")]
    [InlineData("2019-10-27T00:30:00Z", "Sunday 27 October 2019 at 1:30am")] // the first 1:30am, still BST
    [InlineData("2019-12-31T12:00:00Z", "Tuesday 31 December 2019 at midday")]
    [InlineData("2019-07-30T23:00:00Z", "Wednesday 31 July 2019 at midnight")]
    public void DateAndTime_Instant_ReadsInUkTime(string instant, string expected) =>
        Assert.Equal(expected, UkTime.DateAndTime(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
}
