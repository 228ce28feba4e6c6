using System.Collections.Immutable;
using System.Text.Json;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Storage.Instances;
using Workflow.Storage.Json;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Instances;

[Collection(AzuriteCollection.Name)]
public sealed class InstanceStoreTests(AzuriteFixture azurite)
{
    private static string Json(InstanceState state) => JsonSerializer.Serialize(state, StorageJson.Default.InstanceState);

    [Fact]
    public async Task GetAsync_AfterCreate_ReturnsTheWholeState()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());
        var script = InstanceScript.EventfulRound();
        var state = script.State;

        Assert.True(await store.CreateAsync(state, script.Started));
        var record = await store.GetAsync(state.Id);

        Assert.NotNull(record);
        Assert.NotEqual(default, record.ETag);
        var stored = record.State;
        Assert.Equal(Json(state), Json(stored));
        Assert.Equal(state.Version, stored.Version);
        Assert.Equal(Stage.Agreed, stored.Stage);
        Assert.Equal(2, stored.PlanVersion);
        Assert.Equal(state.Decisions, stored.Decisions);
        Assert.Equal(state.FootprintNotices, stored.FootprintNotices);
        Assert.Equal(state.Extensions.OrderBy(e => e.Key.ToString()), stored.Extensions.OrderBy(e => e.Key.ToString()));
        Assert.Equal(state.Escalations.OrderBy(e => e.Key.ToString()), stored.Escalations.OrderBy(e => e.Key.ToString()));
        Assert.Equal(state.Completed.OrderBy(e => e.Key.ToString()), stored.Completed.OrderBy(e => e.Key.ToString()));
        Assert.Equal(state.Issued.Order(StringComparer.Ordinal), stored.Issued.Order(StringComparer.Ordinal));
        Assert.Equal(state.PlanSubmissions, stored.PlanSubmissions);
        Assert.Equal(state.Peer, stored.Peer);
    }

    [Fact]
    public void EventfulRound_CoversWhatTheStateHolds()
    {
        // The round-trip above is only as good as the state it stores: make sure it has something in every part.
        var state = InstanceScript.EventfulRound().State;

        Assert.NotEmpty(state.Extensions);
        Assert.Equal(2, state.Decisions.Count);
        Assert.Single(state.FootprintNotices);
        Assert.NotNull(state.FootprintNotices[0].AcknowledgedAt);
        Assert.Contains(state.Escalations, e => e.Key == new MilestoneKey(Milestone.Draft, 0) && e.Value >= LadderLevel.Region);
        Assert.Contains(state.Escalations, e => e.Key.Milestone == Milestone.FootprintAcknowledgement);
        Assert.NotEmpty(state.Issued);
        Assert.Equal(1, state.RegionalFeedbackCount);
    }

    [Fact]
    public async Task CreateAsync_Twice_SecondReturnsFalseAndKeepsTheFirst()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());
        var first = new InstanceScript();
        var second = new InstanceScript(at: TestData.London(7, 1));

        Assert.True(await store.CreateAsync(first.Initial, first.Started));
        Assert.False(await store.CreateAsync(second.Initial, second.Started));

        var stored = await store.GetAsync(first.Initial.Id);
        Assert.Equal(first.Started.At, stored!.State.StartedAt);
        Assert.Single(await store.HistoryAsync(first.Initial.Id));
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());

        Assert.Null(await store.GetAsync(new InstanceId(new RoundId("2019-20"), new SystemCode("E54000099"))));
    }

    [Fact]
    public async Task CommitAsync_AppendsEventsInOrderWithTheirOutbox()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());
        var script = InstanceScript.EventfulRound();
        await store.CreateAsync(script.Initial, script.Started);

        var committed = await store.CommitAsync((await store.GetAsync(script.Initial.Id))!, script.Changes);

        Assert.NotNull(committed);
        Assert.Equal(Json(script.State), Json(committed.State));
        Assert.Equal(Json(script.State), Json((await store.GetAsync(script.Initial.Id))!.State));
        var history = await store.HistoryAsync(script.Initial.Id);
        Assert.Equal(Enumerable.Range(1, script.Changes.Count + 1), history.Select(e => e.Sequence));
        Assert.IsType<InstanceStarted>(history[0].Event);
        Assert.Equal(
            script.Changes.Select(c => JsonSerializer.Serialize(c.Event, StorageJson.Default.InstanceEvent)),
            history.Skip(1).Select(e => JsonSerializer.Serialize(e.Event, StorageJson.Default.InstanceEvent)));
        Assert.Equal(script.Changes.Select(c => c.Event.GetType()), history.Skip(1).Select(e => e.Event.GetType()));
        var unsent = (await store.GetWithUnsentAsync(script.Initial.Id))!.Value.Unsent;
        Assert.Equal(
            script.Changes.SelectMany(c => c.Outbox).Select(o => o.Id).Order(StringComparer.Ordinal),
            unsent.Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.All(unsent, o => Assert.Equal(OutboxStatus.Pending, o.Status));
    }

    [Fact]
    public async Task CommitAsync_WithTheReturnedRecord_CommitsAgain_AndTheOldRecordIsStale()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());
        var script = new InstanceScript();
        await store.CreateAsync(script.Initial, script.Started);
        var created = (await store.GetAsync(script.Initial.Id))!;
        var suspended = StateMachine.Apply(script.State, new Suspended(TestData.London(7, 2), "national@example.org", "Merger under review"));
        var resumed = StateMachine.Apply(suspended, new Resumed(TestData.London(7, 3), "national@example.org"));

        var first = await store.CommitAsync(created, [new Change(new Suspended(TestData.London(7, 2), "national@example.org", "Merger under review"), suspended)]);
        var second = await store.CommitAsync(first!, [new Change(new Resumed(TestData.London(7, 3), "national@example.org"), resumed)]);
        var stale = await store.CommitAsync(first!, [new Change(new Resumed(TestData.London(7, 3), "someone@example.org"), resumed)]);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(stale);
        Assert.Equal((await store.GetAsync(script.Initial.Id))!.ETag, second.ETag);
        Assert.False((await store.GetAsync(script.Initial.Id))!.State.IsSuspended);
    }

    [Fact]
    public async Task CommitAsync_TwoWorkersOnOneETag_ExactlyOneWins()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new InstanceStore(account);
        var races = Enumerable.Range(0, 25).Select(async n =>
        {
            var id = new InstanceId(TestData.Round.Id, new SystemCode($"E54{n:D6}"));
            var script = new InstanceScript(id);
            await store.CreateAsync(script.Initial, script.Started);
            var record = (await store.GetAsync(id))!;
            var events = new InstanceEvent[]
            {
                new Suspended(TestData.London(7, 2), "worker-a@example.org", "First worker"),
                new Withdrawn(TestData.London(7, 2), "worker-b@example.org", "Second worker"),
            };
            var results = await Task.WhenAll(events.Select(e => Task.Run(() =>
                store.CommitAsync(record, [new Change(e, StateMachine.Apply(script.State, e), [OutboxFor(id, e)])]))));

            var winner = Assert.Single(results, r => r is not null);
            var stored = (await store.GetAsync(id))!;
            Assert.Equal(Json(winner!.State), Json(stored.State));
            var history = await store.HistoryAsync(id);
            Assert.Equal(2, history.Count);
            Assert.Equal(winner.State.IsSuspended, history[1].Event is Suspended);
            Assert.Single((await store.GetWithUnsentAsync(id))!.Value.Unsent);
        });

        await Task.WhenAll(races);
    }

    [Fact]
    public async Task CommitAsync_MoreThanOneTransaction_LandsEveryEventAndOutboxRow()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());
        var script = new InstanceScript();
        var changes = InstanceScript.Reminders(script.Initial, 80);
        await store.CreateAsync(script.Initial, script.Started);

        var committed = await store.CommitAsync((await store.GetAsync(script.Initial.Id))!, changes);

        Assert.True(InstanceStore.Chunk(changes).Count() > 1);
        Assert.NotNull(committed);
        Assert.Equal(81, committed.State.Version);
        Assert.Equal(81, (await store.GetAsync(script.Initial.Id))!.State.Version);
        Assert.Equal(Enumerable.Range(1, 81), (await store.HistoryAsync(script.Initial.Id)).Select(e => e.Sequence));
        Assert.Equal(80, ((await store.GetWithUnsentAsync(script.Initial.Id))!.Value.Unsent).Count);
    }

    [Fact]
    public async Task GetWithUnsentAsync_TheStateWithOnlyThePendingItems()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());
        var script = InstanceScript.EventfulRound();
        await store.CreateAsync(script.Initial, script.Started);
        await store.CommitAsync((await store.GetAsync(script.Initial.Id))!, script.Changes);
        var items = (await store.GetWithUnsentAsync(script.Initial.Id))!.Value.Unsent;
        Assert.True(items.Count >= 3, $"the round issued {items.Count} commands");

        Assert.True(await store.UpdateOutboxAsync(script.Initial.Id, items[0] with { Status = OutboxStatus.Sent, Attempts = 1, SentAt = TestData.London(6, 27) }));
        Assert.True(await store.UpdateOutboxAsync(script.Initial.Id, items[1] with { Status = OutboxStatus.Failed, Attempts = 5, Error = "mailbox full" }));

        var (record, unsent) = (await store.GetWithUnsentAsync(script.Initial.Id))!.Value;
        Assert.Equal(items.Skip(2).Select(i => i.Id), unsent.Select(i => i.Id));
        var state = await store.GetAsync(script.Initial.Id);
        Assert.Equal((state!.State.Version, state.ETag), (record.State.Version, record.ETag));
        var sent = await store.GetOutboxAsync(script.Initial.Id, items[0].Row);
        Assert.Equal(OutboxStatus.Sent, sent!.Status);
        Assert.Equal(1, sent.Attempts);
        Assert.Equal(TestData.London(6, 27), sent.SentAt);
        Assert.Equal(items[0].Payload, sent.Payload);
        var failed = await store.GetOutboxAsync(script.Initial.Id, items[1].Row);
        Assert.Equal("mailbox full", failed!.Error);
    }

    [Fact]
    public async Task UpdateOutboxAsync_StaleETag_ReturnsFalseAndKeepsTheNewer()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());
        var script = new InstanceScript();
        await store.CreateAsync(script.Initial, script.Started);
        await store.CommitAsync((await store.GetAsync(script.Initial.Id))!, script.Changes);
        var item = ((await store.GetWithUnsentAsync(script.Initial.Id))!.Value.Unsent)[0];

        Assert.True(await store.UpdateOutboxAsync(script.Initial.Id, item with { Status = OutboxStatus.Sent, Attempts = 1 }));
        Assert.False(await store.UpdateOutboxAsync(script.Initial.Id, item with { Status = OutboxStatus.Failed, Attempts = 1, Error = "late" }));

        Assert.Equal(OutboxStatus.Sent, (await store.GetOutboxAsync(script.Initial.Id, item.Row))!.Status);
    }

    [Fact]
    public async Task GetAsync_StateLargerThanOneProperty_RoundTrips()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());
        var script = new InstanceScript();
        // Issued ids are what grows over a long round; 3,000 of them make the JSON well over 64 KiB.
        var state = script.Initial with
        {
            Issued = Enumerable.Range(0, 3000).Select(n => $"{script.Initial.Id}/draft/reminder-{n}@20190927T1600").ToImmutableHashSet(StringComparer.Ordinal),
        };
        var json = Json(state);
        Assert.True(json.Length > 64 * 1024, $"state JSON is only {json.Length} characters");

        await store.CreateAsync(state, script.Started);
        var stored = await store.GetAsync(state.Id);

        Assert.Equal(state.Issued.Order(StringComparer.Ordinal), stored!.State.Issued.Order(StringComparer.Ordinal));
        Assert.Equal(json.Length, Json(stored.State).Length);
    }

    [Fact]
    public async Task DeleteAsync_RemovesEveryRowOfTheInstanceOnly()
    {
        var store = new InstanceStore(await azurite.CreateAccountAsync());
        var mine = InstanceScript.EventfulRound();
        var other = new InstanceScript(new InstanceId(TestData.Round.Id, TestData.Peer));
        foreach (var script in new[] { mine, other })
        {
            await store.CreateAsync(script.Initial, script.Started);
            await store.CommitAsync((await store.GetAsync(script.Initial.Id))!, script.Changes);
        }

        await store.DeleteAsync(mine.Initial.Id);

        Assert.Null(await store.GetAsync(mine.Initial.Id));
        Assert.Empty(await store.HistoryAsync(mine.Initial.Id));
        Assert.Null(await store.GetWithUnsentAsync(mine.Initial.Id));
        Assert.NotNull(await store.GetAsync(other.Initial.Id));
    }

    private static OutboxItem OutboxFor(InstanceId id, InstanceEvent evt) =>
        new($"{id}/{evt.GetType().Name}", OutboxKind.IntegrationEvent, $$"""{"type":"{{evt.GetType().Name}}"}""");
}
