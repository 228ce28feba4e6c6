using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ClockStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task GetAsync_ReturnsTheLastSavedSetting()
    {
        var store = new ClockStore(await azurite.CreateAccountAsync());
        var real = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.Null(await store.GetAsync());
        await store.SaveAsync(new StoredClock(real, TestData.London(9, 27, 17), 60));
        await store.SaveAsync(new StoredClock(real.AddMinutes(5), TestData.London(9, 30, 9), 1.5));

        Assert.Equal(new StoredClock(real.AddMinutes(5), TestData.London(9, 30, 9), 1.5), await store.GetAsync());
    }
}
