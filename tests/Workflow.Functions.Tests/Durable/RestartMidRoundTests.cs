using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Durable;
using Workflow.Functions.Tests.Support;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Durable;

/// <summary>The service stops in mid-round, with mail committed and queued but not yet sent, and starts again on the same storage.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RestartMidRoundTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset DraftOnTime = TestData.London(9, 25, 14);
    private static readonly DateTimeOffset Stop = TestData.London(9, 30, 9);
    private static readonly DateTimeOffset DraftLate = TestData.London(10, 1, 14);
    private static readonly DateTimeOffset End = TestData.London(11, 25, 12);

    [Fact]
    public async Task Restart_MidRound_NothingLostNothingRepeated()
    {
        var state = new HostState(azurite);
        await using (var first = TestHost.Start(state))
        {
            await first.RunUntilAsync(DraftOnTime);
            using var draft = await first.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
            // The process stops just after the overdue notices are committed and queued, before any is sent.
            await first.RunUntilAsync(Stop, drainLast: false);
            Assert.NotEmpty(await first.PeekOutboxAsync());
        }

        await using var second = TestHost.Start(state);
        await second.DrainAsync();
        await second.RunUntilAsync(DraftLate);
        using (var late = await second.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" }, TestData.OtherSystem))
        {
            Assert.True(late.IsSuccessStatusCode);
        }
        await second.RunUntilAsync(End);

        // Every message issued was sent exactly once, and every message sent was issued.
        var store = second.Get<InstanceStore>();
        var issued = new List<string>();
        foreach (var system in (string[])[TestData.System, TestData.Peer, TestData.OtherSystem])
        {
            issued.AddRange((await store.HistoryAsync(TestHost.Id(system))).Select(e => e.Event).OfType<CommandIssued>().Select(c => c.Command.Id));
        }
        Assert.Equal(issued.Count, issued.Distinct().Count());
        Assert.Equal(issued.Order(StringComparer.Ordinal), second.Mail.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(issued.Order(StringComparer.Ordinal), state.Sent.SentCounts.Keys.Order(StringComparer.Ordinal));
        Assert.All(state.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
        Assert.Empty(await second.PeekOutboxAsync());
        Assert.Empty(await second.PeekPoisonAsync());

        // And each system got what the state machine, run straight through in memory, says it should.
        var round = (await second.Get<RoundCatalog>().GetAsync(new RoundId(TestData.Round)))!.Round;
        var directory = second.Get<ReferenceData>().Directory;
        foreach (var (system, events) in ((string, (DateTimeOffset, InstanceEvent)[])[])[
            (TestData.System, [(DraftOnTime, new PlanSubmitted(DraftOnTime, Milestone.Draft, "pmo@example.org", null))]),
            (TestData.Peer, []),
            (TestData.OtherSystem, [(DraftLate, new PlanSubmitted(DraftLate, Milestone.Draft, "pmo@example.org", null))])])
        {
            var expected = InMemoryRun(round, TestHost.Id(system), directory, events);
            Assert.InRange(expected.Count, 10, 20);
            var actual = (await store.HistoryAsync(TestHost.Id(system))).Select(e => e.Event).OfType<CommandIssued>().Select(c => c.Command.Id);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Restart_MidRound_SystemWithNoSubmissionsPromptedOnceForEachStep()
    {
        var state = new HostState(azurite);
        await using (var first = TestHost.Start(state))
        {
            await first.RunUntilAsync(Stop, drainLast: false);
        }
        await using var second = TestHost.Start(state);
        await second.RunUntilAsync(TestData.London(10, 10));

        var prompts = second.Mail.Where(m => m.Instance == TestData.InstanceId(TestData.Peer)).OrderBy(m => m.File, StringComparer.Ordinal)
            .Select(m => m.Id[(TestData.InstanceId(TestData.Peer).Length + 1)..]);
        Assert.Equal(
            [
                "timetable",
                "footprint/remind-10@20190731T1600", "footprint/remind-5@20190731T1600",
                "draft/remind-10@20190927T1600", "draft/remind-5@20190927T1600", "draft/remind-1@20190927T1600", "draft/due-today@20190927T1600",
                "draft/overdue@20190927T1600", "draft/region@20190927T1600", "draft/national@20190927T1600",
            ],
            prompts);
        Assert.All(state.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
    }

    /// <summary>The instance as the simulator runs it: events at their times, Decide at every wake-up it asks for, nothing stored.</summary>
    private static List<string> InMemoryRun(Round round, InstanceId id, Workflow.Core.Directory.SystemDirectory directory, (DateTimeOffset At, InstanceEvent Event)[] events)
    {
        Assert.True(directory.TryGetSystem(id.System, out var system));
        var now = TestData.BeforeOpening;
        var state = StateMachine.Start(id, new InstanceStarted(now, system!.Region));
        var issued = new List<string>();
        var next = 0;
        while (true)
        {
            for (; next < events.Length && events[next].At <= now; next++)
            {
                Assert.Null(StateMachine.Check(state, round, events[next].Event));
                state = StateMachine.Apply(state, events[next].Event);
            }
            var decided = StateMachine.Decide(state, round, now);
            foreach (var command in decided.Commands)
            {
                state = StateMachine.Apply(state, new CommandIssued(now, command));
                issued.Add(command.Id);
            }
            var wake = next < events.Length && (decided.NextWakeAt is null || events[next].At < decided.NextWakeAt) ? events[next].At : decided.NextWakeAt;
            if (wake is not { } at || at > End)
            {
                return issued;
            }
            now = at;
        }
    }
}
