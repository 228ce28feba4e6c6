using Workflow.Core.Instances;
using Workflow.Storage.Instances;
using Workflow.Storage.Tests.Support;

namespace Workflow.Storage.Tests.Instances;

public sealed class InstanceStoreChunkTests
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, 0, 1)]
    [InlineData(99, 0, 1)]
    [InlineData(100, 0, 2)]
    [InlineData(49, 1, 1)]
    [InlineData(50, 1, 2)]
    [InlineData(80, 1, 2)]
    [InlineData(250, 1, 6)]
    [InlineData(33, 2, 1)]
    [InlineData(34, 2, 2)]
    [InlineData(1, 98, 1)]
    [InlineData(2, 98, 2)]
    public void Chunk_FillsEachTransactionToTheLimit(int count, int outboxPerChange, int transactions)
    {
        var changes = Changes(Enumerable.Repeat(outboxPerChange, count));

        var chunks = InstanceStore.Chunk(changes).ToList();

        Assert.Equal(transactions, chunks.Count);
        Assert.All(chunks, chunk => Assert.InRange(Operations(chunk), 2, InstanceStore.MaxTransactionOperations));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Chunk_AnyMix_NeverExceedsTheLimitAndKeepsOrder(int seed)
    {
        var random = new Random(seed);
        for (var run = 0; run < 200; run++)
        {
            var changes = Changes(Enumerable.Range(0, random.Next(0, 400)).Select(_ => random.Next(10) switch { < 4 => 0, < 8 => 1, 8 => 2, _ => random.Next(99) }));

            var chunks = InstanceStore.Chunk(changes).ToList();

            Assert.All(chunks, chunk => Assert.InRange(Operations(chunk), 2, InstanceStore.MaxTransactionOperations));
            Assert.Equal(changes, chunks.SelectMany(c => c));
            // Greedy: a chunk ends only when the next change would not fit.
            Assert.All(chunks.Zip(chunks.Skip(1)), pair =>
                Assert.True(Operations(pair.First) + Cost(pair.Second[0]) > InstanceStore.MaxTransactionOperations));
        }
    }

    [Fact]
    public void Chunk_OneChangeOwingMoreThanATransactionHolds_Throws()
    {
        var changes = Changes([1, 99]);

        Assert.Throws<ArgumentException>(() => InstanceStore.Chunk(changes).ToList());
    }

    /// <summary>The state row, then an event row per change and an outbox row per item.</summary>
    private static int Operations(IReadOnlyList<Change> chunk) => 1 + chunk.Sum(Cost);

    private static int Cost(Change change) => 1 + change.Outbox.Count;

    private static List<Change> Changes(IEnumerable<int> outboxPerChange)
    {
        var state = new InstanceScript().Initial;
        return [.. outboxPerChange.Select((items, n) => new Change(
            new Resumed(TestData.London(7, 1), $"n{n}@example.org"),
            state,
            [.. Enumerable.Range(0, items).Select(i => new OutboxItem($"id-{n}-{i}", OutboxKind.Message, "{}"))]))];
    }
}
