using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ClockStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task GetAsync_ReturnsTheLastSavedTime()
    {
        var store = new ClockStore(await azurite.CreateAccountAsync());

        Assert.Null(await store.GetAsync());
        await store.SaveAsync(TestData.London(9, 27, 17));
        await store.SaveAsync(TestData.London(9, 30, 9));

        Assert.Equal(TestData.London(9, 30, 9), await store.GetAsync());
    }
}
