using Workflow.Core;
using Workflow.Storage.Scheduling;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Scheduling;

[Collection(AzuriteCollection.Name)]
public sealed class ScheduleStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2019, 9, 30, 10, 45, 0, TimeSpan.Zero);

    private static InstanceId System(int n) => new(TestData.Round.Id, new SystemCode($"E540000{n:D2}"));

    [Fact]
    public async Task DueAsync_AcrossHourBuckets_ReturnsWhatIsDueEarliestFirst()
    {
        var store = new ScheduleStore(await azurite.CreateAccountAsync());
        await store.SetAsync(System(1), Now.AddMinutes(-25));   // this hour, due
        await store.SetAsync(System(2), Now.AddMinutes(-100));  // an earlier hour
        await store.SetAsync(System(3), Now.AddHours(-12));     // the day before
        await store.SetAsync(System(4), Now.AddMinutes(5));     // this hour, not yet
        await store.SetAsync(System(5), Now.AddHours(2));       // a later hour
        await store.SetAsync(System(6), Now);                   // exactly now

        var due = await store.DueAsync(Now);

        Assert.Equal([System(3), System(2), System(1), System(6)], due.Select(w => w.Instance));
        Assert.Equal([Now.AddHours(-12), Now.AddMinutes(-100), Now.AddMinutes(-25), Now], due.Select(w => w.At));
        Assert.Equal(ScheduleStore.Bucket(Now.AddHours(-12)), due[0].Partition);
    }

    [Fact]
    public async Task Bucket_IsTheUtcHour()
    {
        var store = new ScheduleStore(await azurite.CreateAccountAsync());
        var bst = new DateTimeOffset(2019, 7, 1, 0, 30, 0, TimeSpan.FromHours(1));

        await store.SetAsync(System(1), bst);

        Assert.Equal("2019063023", ScheduleStore.Bucket(bst));
        Assert.Equal("2019063023", Assert.Single(await store.DueAsync(bst)).Partition);
    }

    [Fact]
    public async Task RemoveAsync_WakeUpMovedWithinItsHour_KeepsTheNewTime()
    {
        var store = new ScheduleStore(await azurite.CreateAccountAsync());
        await store.SetAsync(System(1), Now.AddMinutes(-30));
        var handled = Assert.Single(await store.DueAsync(Now.AddMinutes(-20)));

        await store.SetAsync(System(1), Now.AddMinutes(10));    // same hour bucket, moved while being handled
        await store.RemoveAsync(handled);

        Assert.Equal(Now.AddMinutes(10), await store.NextAsync(System(1)));
        Assert.Empty(await store.DueAsync(Now));
        Assert.Equal(Now.AddMinutes(10), Assert.Single(await store.DueAsync(Now.AddMinutes(15))).At);
    }

    [Fact]
    public async Task RemoveAsync_Unmoved_RemovesIt_AndTwiceIsHarmless()
    {
        var store = new ScheduleStore(await azurite.CreateAccountAsync());
        await store.SetAsync(System(1), Now.AddMinutes(-30));
        var wakeUp = Assert.Single(await store.DueAsync(Now));

        await store.RemoveAsync(wakeUp);
        await store.RemoveAsync(wakeUp);

        Assert.Empty(await store.DueAsync(Now));
        Assert.Null(await store.NextAsync(System(1)));
    }

    [Fact]
    public async Task NextAsync_ReturnsTheInstancesEarliestWakeUp()
    {
        var store = new ScheduleStore(await azurite.CreateAccountAsync());
        await store.SetAsync(System(1), Now.AddDays(3));
        await store.SetAsync(System(1), Now.AddDays(1));        // another bucket: both rows stand
        await store.SetAsync(System(2), Now.AddHours(1));

        Assert.Equal(Now.AddDays(1), await store.NextAsync(System(1)));
        Assert.Equal(Now.AddHours(1), await store.NextAsync(System(2)));
        Assert.Null(await store.NextAsync(System(3)));
    }
}
