using Workflow.Core.Directory;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Directory;

public sealed class DelegationTests
{
    private static readonly RegionCode Region = new("E40000003");

    /// <summary>A Wednesday morning in winter, so London's time is UTC and the dates read the same either way.</summary>
    private static readonly DateTimeOffset Now = London.At(2019, 11, 20, 10);

    private static Delegation? Grant(string lastDay, DateTimeOffset? now = null) =>
        Delegation.Grant(Region, "deputy.london@example.org", "director.london@example.org", DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), now ?? Now, TestRound.Calendar);

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(60, true)]
    [InlineData(119, true)]
    [InlineData(120, false)]
    public void IsActiveAt_MinutesAfterItsStart_ActiveFromItsStartUntilItsEnd(int minutes, bool active)
    {
        var delegation = new Delegation(Region, "deputy.london@example.org", "director.london@example.org", Now, Now.AddMinutes(120));

        Assert.Equal(active, delegation.IsActiveAt(Now.AddMinutes(minutes)));
    }

    [Theory]
    [InlineData(ContactRole.RegionalDirector, true)]
    [InlineData(ContactRole.DeputyDirector, false)]
    [InlineData(ContactRole.Pmo, false)]
    [InlineData(ContactRole.National, false)]
    public void MayGrant_Role_OnlyTheRegionalDirector(ContactRole role, bool may)
    {
        Assert.Equal(may, Delegation.MayGrant(new Contact(role, Region.Value, "Alex Okafor", "someone@example.org")));
    }

    [Theory]
    [InlineData("2019-11-29", true)]
    [InlineData("  2019-11-29 ", true)]
    [InlineData("29/11/2019", false)]
    [InlineData("11/29/2019", false)]
    [InlineData("2019-11-29T00:00", false)]
    [InlineData("2019-2-3", false)]
    [InlineData("2019-02-30", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParseLastDay_Text_OnlyYearMonthDay(string? text, bool parsed)
    {
        Assert.Equal(parsed, Delegation.TryParseLastDay(text, out var day));
        Assert.Equal(parsed ? new DateOnly(2019, 11, 29) : default, day);
    }

    [Theory]
    [InlineData("2019-11-19", null)]
    // The last day is a whole day: given today, it runs to midnight tonight.
    [InlineData("2019-11-20", "2019-11-21T00:00+00:00")]
    [InlineData("2019-12-20", "2019-12-21T00:00+00:00")]
    // Three months (92 days) from 10:00 today is 10:00 on 20 February.
    [InlineData("2020-02-19", "2020-02-20T00:00+00:00")]
    [InlineData("2020-02-20", null)]
    // The last date there is has no day after it: refused, not an overflow.
    [InlineData("9999-12-31", null)]
    public void Grant_LastDay_EndsAsThatDayEndsOnlyAfterNowAndWithinThreeMonths(string lastDay, string? ends)
    {
        Assert.Equal(ends, Instance.Local(Grant(lastDay)?.To));
    }

    [Fact]
    public void Grant_InSummer_EndsAtMidnightLondonTime()
    {
        var delegation = Grant("2019-07-05", London.At(2019, 7, 1, 10));

        Assert.Equal(London.Exactly(2019, 7, 6, 0, 0, offsetHours: 1), delegation!.To);
    }

    [Fact]
    public void Grant_Valid_RunsFromNowForTheDeputyOnTheDirectorsWord()
    {
        Assert.Equal(
            new Delegation(Region, "deputy.london@example.org", "director.london@example.org", Now, new DateTimeOffset(2019, 12, 21, 0, 0, 0, TimeSpan.Zero)),
            Grant("2019-12-20"));
    }
}
