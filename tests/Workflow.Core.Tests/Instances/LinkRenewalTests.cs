using Workflow.Core.Instances;

namespace Workflow.Core.Tests.Instances;

public sealed class LinkRenewalTests
{
    private static readonly DateTimeOffset Now = new(2019, 11, 20, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Earlier sends, as minutes before <see cref="Now"/> (negative: after it, as a clock set back would leave them).</summary>
    [Theory]
    [InlineData(new double[0], RenewalVerdict.Allowed)]
    [InlineData(new[] { 5.0 }, RenewalVerdict.Allowed)]
    [InlineData(new[] { 4.99 }, RenewalVerdict.TooSoon)]
    [InlineData(new[] { 0.0 }, RenewalVerdict.TooSoon)]
    [InlineData(new[] { -60.0 }, RenewalVerdict.TooSoon)]
    [InlineData(new[] { 60.0, 30.0 }, RenewalVerdict.Allowed)]
    [InlineData(new[] { 120.0, 60.0, 30.0 }, RenewalVerdict.TooMany)]
    [InlineData(new[] { 120.0, 60.0, 3.0 }, RenewalVerdict.TooSoon)]
    // The oldest of three falls out of the 24 hours exactly as they end.
    [InlineData(new[] { 24 * 60.0, 60.0, 30.0 }, RenewalVerdict.Allowed)]
    [InlineData(new[] { 24 * 60.0 - 1, 60.0, 30.0 }, RenewalVerdict.TooMany)]
    [InlineData(new[] { 3 * 24 * 60.0, 2 * 24 * 60.0, 25 * 60.0, 10.0 }, RenewalVerdict.Allowed)]
    public void Check_EarlierSends_AtMostThreeADayFiveMinutesApart(double[] minutesAgo, RenewalVerdict expected)
    {
        var sent = minutesAgo.Select(m => Now - TimeSpan.FromMinutes(m));

        Assert.Equal(expected, LinkRenewal.Check(sent, Now));
    }

    [Fact]
    public void After_KeepsOnlyTheWindowAndNow_InOrder()
    {
        DateTimeOffset[] sent = [Now.AddMinutes(-30), Now.AddDays(-2), Now.AddHours(-23)];

        var kept = LinkRenewal.After(sent, Now);

        Assert.Equal([Now.AddHours(-23), Now.AddMinutes(-30), Now], kept.ToArray());
    }

    [Fact]
    public void After_ThreeTaken_TheFourthIsRefusedUntilTheFirstLeavesTheWindow()
    {
        var sent = LinkRenewal.After(LinkRenewal.After(LinkRenewal.After([], Now), Now.AddMinutes(10)), Now.AddMinutes(20));

        Assert.Equal(RenewalVerdict.TooMany, LinkRenewal.Check(sent, Now.AddHours(23)));
        Assert.Equal(RenewalVerdict.Allowed, LinkRenewal.Check(sent, Now.AddHours(24)));
    }
}
