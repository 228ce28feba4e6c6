using System.Collections.Concurrent;
using System.Text.Json;
using System.Web;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Storage;
using Workflow.Storage.Status;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Status;

[Collection(AzuriteCollection.Name)]
public sealed class StatusStoreTests(AzuriteFixture azurite)
{
    private static InstanceStatus Status(int version, InstanceId? id = null) =>
        InstanceStatus.Of(new InstanceScript(id).Initial with { Version = version }, TestData.Round, TestData.London(7, 1));

    [Fact]
    public async Task WriteAsync_OnlyANewerVersionReplacesTheRow()
    {
        var store = new StatusStore(await azurite.CreateAccountAsync());

        Assert.True(await store.WriteAsync(Status(5)));
        Assert.False(await store.WriteAsync(Status(3)));
        Assert.False(await store.WriteAsync(Status(5) with { Suspended = true }));
        Assert.Equal(5, (await store.GetAsync(TestData.Instance))!.Version);
        Assert.False((await store.GetAsync(TestData.Instance))!.Suspended);

        Assert.True(await store.WriteAsync(Status(6)));
        Assert.Equal(6, (await store.GetAsync(TestData.Instance))!.Version);
    }

    [Fact]
    public async Task GetAsync_GivesBackEachMilestonesFactsAndTheUndeliveredCount()
    {
        var store = new StatusStore(await azurite.CreateAccountAsync());
        var written = Status(2) with { Undelivered = 3 };

        await store.WriteAsync(written);
        var read = (await store.GetAsync(TestData.Instance))!;

        Assert.Equal<MilestoneFacts>(written.Milestones, read.Milestones);
        Assert.Contains(read.Milestones, m => m.Milestone == Workflow.Core.Rounds.Milestone.Draft && m.Due is not null && m.Open);
        Assert.Equal(3, read.Undelivered);
    }

    [Fact]
    public async Task WriteAsync_AnotherProcessWroteSince_StorageDecides()
    {
        var account = await azurite.CreateAccountAsync();
        var (here, there) = (new StatusStore(account), new StatusStore(account));

        Assert.True(await here.WriteAsync(Status(1)));
        Assert.True(await there.WriteAsync(Status(3)));
        // What this process remembers (version 1) is stale: its If-Match fails, and the read finds version 3.
        Assert.False(await here.WriteAsync(Status(2)));
        Assert.Equal(3, (await here.GetAsync(TestData.Instance))!.Version);
        Assert.True(await here.WriteAsync(Status(4)));
        Assert.True(await there.WriteAsync(Status(5)));
        Assert.Equal(5, (await there.GetAsync(TestData.Instance))!.Version);
    }

    [Fact]
    public async Task WriteAsync_SameProcessAgain_WritesWithoutReadingFirst()
    {
        var counter = new RequestCounter();
        var store = new StatusStore(await azurite.CreateAccountAsync(counter));
        await store.WriteAsync(Status(1));

        counter.Reset();
        Assert.True(await store.WriteAsync(Status(2)));
        Assert.Equal(1, counter.Total);
        Assert.Equal(1, counter.Snapshot().Single(c => c.Key.StartsWith("table:PUT ", StringComparison.Ordinal)).Value);

        // A woken instance with nothing new asks to write the version that is there: nothing to send at all.
        counter.Reset();
        Assert.False(await store.WriteAsync(Status(2)));
        Assert.Equal(0, counter.Total);
        Assert.Equal(2, (await store.GetAsync(TestData.Instance))!.Version);
    }

    [Fact]
    public async Task GetAsync_ReturnsWhatWasWritten()
    {
        var store = new StatusStore(await azurite.CreateAccountAsync());
        var script = InstanceScript.EventfulRound();
        var status = InstanceStatus.Of(script.State, TestData.Round, TestData.London(12, 12));

        await store.WriteAsync(status);

        var stored = await store.GetAsync(TestData.Instance);
        // The milestones are an array, which a record compares by reference: compare them as a sequence, the rest as a whole.
        Assert.Equal(status with { Milestones = [] }, stored! with { Milestones = [] });
        Assert.Equal<MilestoneFacts>(status.Milestones, stored.Milestones);
        Assert.Equal(Stage.Agreed, stored!.Stage);
        Assert.Equal(TestData.Region, stored.Region);
        Assert.Null(await store.GetAsync(new InstanceId(TestData.Round.Id, TestData.Peer)));
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWriters_ConvergeOnTheHighestVersion()
    {
        var store = new StatusStore(await azurite.CreateAccountAsync());
        var instances = Enumerable.Range(0, 20).Select(n => new InstanceId(TestData.Round.Id, new SystemCode($"E54{n:D6}"))).ToList();

        // Oldest first, so the newest writer keeps losing races to older ones: it must not give up.
        var writes = await Task.WhenAll(instances.Select(async id =>
            (id, written: await Task.WhenAll(Enumerable.Range(1, 16).Select(v => Task.Run(() => store.WriteAsync(Status(v, id))))))));

        Assert.All(writes, w => Assert.True(w.written[^1], $"{w.id}: version 16 was not written"));
        Assert.All(await Task.WhenAll(instances.Select(id => store.GetAsync(id))), s => Assert.Equal(16, s!.Version));
    }

    [Fact]
    public async Task ListAsync_ReadsOneRound()
    {
        var store = new StatusStore(await azurite.CreateAccountAsync());
        var other = new InstanceId(new RoundId("2020-21"), new SystemCode("E54000006"));
        await store.WriteAsync(Status(2));
        await store.WriteAsync(Status(2, new InstanceId(TestData.Round.Id, TestData.Peer)));
        await store.WriteAsync(Status(2, other));

        var rows = await store.ListAsync(TestData.Round.Id);

        Assert.Equal([TestData.Peer, TestData.Instance.System], rows.Select(r => r.Instance.System).OrderBy(s => s.Value, StringComparer.Ordinal));
        Assert.Single(await store.ListAsync(other.Round));
    }

    [Fact]
    public async Task ListAsync_AgainAfterAnotherProcessWrote_SeesItsNewAndChangedRows()
    {
        var account = await azurite.CreateAccountAsync();
        var (here, there) = (new StatusStore(account), new StatusStore(account));
        var peer = new InstanceId(TestData.Round.Id, TestData.Peer);
        await there.WriteAsync(Status(2));
        Assert.Equal([2], (await here.ListAsync(TestData.Round.Id)).Select(r => r.Version));

        await there.WriteAsync(Status(3));
        await there.WriteAsync(Status(1, peer));
        var rows = await here.ListAsync(TestData.Round.Id);

        Assert.Equal([(TestData.Peer, 1), (TestData.Instance.System, 3)], rows.Select(r => (r.Instance.System, r.Version)));
    }

    [Fact]
    public async Task ListAsync_Again_AsksStorageOnlyForRowsStampedSince()
    {
        var queries = new QueryLog();
        var account = new StorageAccount(azurite.NewOptions(), policy: queries);
        await account.InitializeAsync();
        var writer = new StatusStore(account);
        // No overlap, so rows stamped before the newest one read are left out and the test need not wait 30 seconds.
        var reader = new StatusStore(account) { Overlap = TimeSpan.Zero };
        await writer.WriteAsync(Status(1, new InstanceId(TestData.Round.Id, TestData.Peer)));
        await Task.Delay(50);
        await writer.WriteAsync(Status(1));
        await reader.ListAsync(TestData.Round.Id);
        var first = Assert.Single(queries.Taken());
        Assert.DoesNotContain("Timestamp", first.Filter, StringComparison.Ordinal);
        Assert.Equal(2, first.Rows);

        await writer.WriteAsync(Status(2));
        var rows = await reader.ListAsync(TestData.Round.Id);

        var second = Assert.Single(queries.Taken());
        Assert.Contains("Timestamp ge", second.Filter, StringComparison.Ordinal);
        Assert.Equal(1, second.Rows);
        Assert.Equal([(TestData.Peer, 1), (TestData.Instance.System, 2)], rows.Select(r => (r.Instance.System, r.Version)));
    }

    [Fact]
    public async Task ListAsync_AgainAfterAQuietSpell_AsksForNoRowItHasAlreadyRead()
    {
        var queries = new QueryLog();
        var account = new StorageAccount(azurite.NewOptions(), policy: queries);
        await account.InitializeAsync();
        var writer = new StatusStore(account);
        var reader = new StatusStore(account) { Overlap = TimeSpan.FromSeconds(1) };
        await writer.WriteAsync(Status(1, new InstanceId(TestData.Round.Id, TestData.Peer)));
        await writer.WriteAsync(Status(1));
        // Longer than the overlap and the second storage's time is rounded to, so only the newest row is within the overlap.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await reader.ListAsync(TestData.Round.Id);
        Assert.Equal(2, Assert.Single(queries.Taken()).Rows);

        var rows = await reader.ListAsync(TestData.Round.Id);

        var second = Assert.Single(queries.Taken());
        Assert.Contains("Timestamp ge", second.Filter, StringComparison.Ordinal);
        Assert.Equal(0, second.Rows);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task ListAsync_ARowDeletedByAnotherProcess_GoneAtTheNextWholeRead()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new StatusStore(account) { WholeReadEvery = TimeSpan.Zero };
        await store.WriteAsync(Status(1));
        await store.WriteAsync(Status(1, new InstanceId(TestData.Round.Id, TestData.Peer)));
        Assert.Equal(2, (await store.ListAsync(TestData.Round.Id)).Count);

        await account.Status.DeleteEntityAsync(TestData.Round.Id.Value, TestData.Peer.Value);

        Assert.Equal(TestData.Instance.System, Assert.Single(await store.ListAsync(TestData.Round.Id)).Instance.System);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListAsync_ARowReadBack_NeverTakesTheKeptRowToAnOlderVersion(bool whole)
    {
        var account = await azurite.CreateAccountAsync();
        var store = whole ? new StatusStore(account) { WholeReadEvery = TimeSpan.Zero } : new StatusStore(account);
        await store.WriteAsync(Status(5));
        await store.ListAsync(TestData.Round.Id);

        // Storage now holds an older version than this process has seen, as a lagging copy might answer.
        await account.Status.UpdateEntityAsync(
            new TableEntity(TestData.Round.Id.Value, TestData.Instance.System.Value) { ["Version"] = 3 }, ETag.All, TableUpdateMode.Merge);

        Assert.Equal(5, Assert.Single(await store.ListAsync(TestData.Round.Id)).Version);
    }

    [Fact]
    public async Task ListAsync_ManyReadersAtOnce_AllSeeEveryRow()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new StatusStore(account);
        var systems = Enumerable.Range(1, 40).Select(n => new InstanceId(TestData.Round.Id, new SystemCode($"E54{n:000000}"))).ToList();
        await Task.WhenAll(systems.Select(id => store.WriteAsync(Status(1, id))));

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.ListAsync(TestData.Round.Id))));

        Assert.All(reads, rows => Assert.Equal(systems.Select(s => s.System), rows.Select(r => r.Instance.System)));
    }

    /// <summary>Each query of the status table as sent, with how many rows storage gave back for it.</summary>
    private sealed class QueryLog : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<(string Filter, int Rows)> _queries = new();

        public List<(string Filter, int Rows)> Taken()
        {
            List<(string Filter, int Rows)> taken = [];
            while (_queries.TryDequeue(out var query))
            {
                taken.Add(query);
            }
            return taken;
        }

        public override void OnReceivedResponse(HttpMessage message)
        {
            ArgumentNullException.ThrowIfNull(message);
            var uri = message.Request.Uri.ToUri();
            if (message.Request.Method == RequestMethod.Get && uri.AbsolutePath.EndsWith("status()", StringComparison.Ordinal))
            {
                var filter = HttpUtility.ParseQueryString(uri.Query)["$filter"] ?? "";
                using var body = JsonDocument.Parse(message.Response.Content);
                _queries.Enqueue((filter, body.RootElement.GetProperty("value").GetArrayLength()));
            }
        }
    }
}
