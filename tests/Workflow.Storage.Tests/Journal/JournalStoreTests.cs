using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Storage.Journal;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Journal;

[Collection(AzuriteCollection.Name)]
public sealed class JournalStoreTests(AzuriteFixture azurite)
{
    private static readonly InstanceScript Round = InstanceScript.EventfulRound();

    private static List<JournalEntry> Entries(int count) => [.. Round.Changes.Take(count).Select(c => new JournalEntry(c.Event, c.After.Version))];

    private static InstanceState StateAfter(int count) => Round.Changes[count - 1].After;

    [Fact]
    public async Task ProjectAsync_SameProjectionTwice_LeavesOneJournal()
    {
        var store = new JournalStore(await azurite.CreateAccountAsync());

        await store.ProjectAsync(StateAfter(10), Entries(10));
        await store.ProjectAsync(StateAfter(10), Entries(10));

        var journal = await store.ReadAsync(TestData.Instance);
        Assert.Equal(Entries(10).Select(e => (e.Version, e.Event.GetType())), journal.Select(e => (e.Version, e.Event.GetType())));
        Assert.Equal(StateAfter(10), (await store.GetAsync(TestData.Instance))!.State, new SameVersion());
    }

    [Fact]
    public async Task ProjectAsync_AnOlderStateAfterANewer_KeepsTheNewerSnapshot()
    {
        var store = new JournalStore(await azurite.CreateAccountAsync());

        await store.ProjectAsync(StateAfter(12), Entries(12));
        await store.ProjectAsync(StateAfter(5), Entries(5));

        Assert.Equal(StateAfter(12).Version, (await store.GetAsync(TestData.Instance))!.State.Version);
        Assert.Equal(12, (await store.ReadAsync(TestData.Instance)).Count);
    }

    [Fact]
    public async Task FindAsync_ARefusedEvent_IsFoundByItsIdWithWhy()
    {
        var store = new JournalStore(await azurite.CreateAccountAsync());
        var state = StateAfter(3);
        var refused = new DecisionRecorded(TestData.London(7, 2), Outcome.Agreed, 1, "rd@example.org", null);
        var applied = new PlanSubmitted(TestData.London(7, 3), Milestone.Draft, "pmo@example.org", null);

        await store.ProjectAsync(state, [new JournalEntry(refused, state.Version, "link/nonce+1", "no final plan has been submitted"),
            new JournalEntry(applied, state.Version + 1, "page-2")]);

        Assert.Equal("no final plan has been submitted", (await store.FindAsync(TestData.Instance, "link/nonce+1"))!.Refusal);
        Assert.IsType<PlanSubmitted>((await store.FindAsync(TestData.Instance, "page-2"))!.Event);
        Assert.Null(await store.FindAsync(TestData.Instance, "never-raised"));
    }

    [Fact]
    public async Task GetAsync_NeverProjected_IsNull()
    {
        var store = new JournalStore(await azurite.CreateAccountAsync());

        Assert.Null(await store.GetAsync(TestData.Instance));
        Assert.Empty(await store.ReadAsync(TestData.Instance));
    }

    /// <summary>States hold collections, which records compare by reference; what was written is what a version says.</summary>
    private sealed class SameVersion : IEqualityComparer<InstanceState>
    {
        public bool Equals(InstanceState? x, InstanceState? y) =>
            x?.Version == y?.Version && x?.Stage == y?.Stage && x?.Issued.SetEquals(y!.Issued) == true;

        public int GetHashCode(InstanceState obj) => obj.Version;
    }
}
