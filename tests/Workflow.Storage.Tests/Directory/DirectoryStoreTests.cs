using Workflow.Storage.Directory;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Directory;

[Collection(AzuriteCollection.Name)]
public sealed class DirectoryStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task LoadAsync_AfterSeedingTwice_ReturnsTheShippedDirectory()
    {
        var store = new DirectoryStore(await azurite.CreateAccountAsync());
        var shipped = TestData.Directory;

        await store.SeedAsync(shipped);
        await store.SeedAsync(shipped);
        var loaded = await store.LoadAsync();

        Assert.NotNull(loaded);
        Assert.Equal(42, loaded.Systems.Length);
        Assert.Equal(7, loaded.Regions.Length);
        Assert.Equal(shipped.Systems.OrderBy(s => s.Code.Value), loaded.Systems.OrderBy(s => s.Code.Value));
        Assert.Equal(shipped.Regions.OrderBy(r => r.Code.Value), loaded.Regions.OrderBy(r => r.Code.Value));
        Assert.Equal(shipped.Contacts.Length, loaded.Contacts.Length);
        Assert.Equal(shipped.Contacts.ToHashSet(), loaded.Contacts.ToHashSet());
    }

    [Fact]
    public async Task LoadAsync_NothingSeeded_ReturnsNull()
    {
        var store = new DirectoryStore(await azurite.CreateAccountAsync());

        Assert.Null(await store.LoadAsync());
    }
}
