using Microsoft.Extensions.Time.Testing;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests;

public sealed class VirtualClockTests
{
    [Fact]
    public void AdvanceTo_TheEndOfTime_IsRefusedAndTheClockRunsOn()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var clock = new VirtualClock(TestData.BeforeOpening, 3600, real);

        Assert.False(clock.AdvanceTo(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)));
        Assert.False(clock.AdvanceTo(VirtualClock.Latest));
        Assert.True(clock.AdvanceTo(VirtualClock.Latest.AddDays(-1)));
        real.Advance(TimeSpan.FromDays(1));

        Assert.Equal(VirtualClock.Latest.AddDays(-1) + TimeSpan.FromDays(3600), clock.GetUtcNow());
    }

    [Fact]
    public void Mapping_IsTheClockAsOrchestrationsCarryIt()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var clock = new VirtualClock(TestData.BeforeOpening, 60, real);
        real.Advance(TimeSpan.FromMinutes(1));

        var mapping = clock.Mapping();

        Assert.Equal(clock.GetUtcNow(), mapping.ToRound(real.GetUtcNow().UtcDateTime));
        Assert.Equal(clock.GetUtcNow().AddHours(1), mapping.ToRound(real.GetUtcNow().AddMinutes(1).UtcDateTime));
    }

    [Fact]
    public void Mapping_AfterTheClockIsMoved_IsTheInstantItWasMovedTo()
    {
        // A clock moved to 9:00 is 9:00 exactly for the orchestrations, however long they take to hear of it.
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var clock = new VirtualClock(TestData.BeforeOpening, 60, real);
        real.Advance(TimeSpan.FromMinutes(1));
        var nine = TestData.London(9, 16, 9);

        Assert.True(clock.AdvanceTo(nine));
        var movedAt = real.GetUtcNow();
        real.Advance(TimeSpan.FromSeconds(2));
        var mapping = clock.Mapping();

        Assert.Equal(nine, mapping.RoundStart);
        Assert.Equal(movedAt, mapping.RealStart);
        Assert.Equal(clock.GetUtcNow(), mapping.ToRound(real.GetUtcNow().UtcDateTime));
    }
}
