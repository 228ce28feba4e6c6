namespace Workflow.Orchestration.Tests;

public sealed class RoundClockTests
{
    private static readonly DateTimeOffset RealStart = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RoundStart = new(2019, 6, 27, 8, 55, 0, TimeSpan.FromHours(1));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(60, 90)]
    [InlineData(3600, 5)]
    public void ToRound_ToReal_AreInverse(double speed, int realMinutes)
    {
        var clock = new RoundClock(RealStart, RoundStart, speed);
        var real = RealStart.AddMinutes(realMinutes).UtcDateTime;

        Assert.Equal(real, clock.ToReal(clock.ToRound(real)));
        Assert.Equal(RoundStart + TimeSpan.FromMinutes(realMinutes * speed), clock.ToRound(real));
    }

    [Fact]
    public void ToReal_BeforeTheMappingBegan_IsItsStart()
    {
        var clock = new RoundClock(RealStart, RoundStart, 60);

        Assert.Equal(RealStart.UtcDateTime, clock.ToReal(RoundStart.AddDays(-1)));
    }
}
