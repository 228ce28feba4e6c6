using System.Net;
using System.Text.Json;
using Workflow.Core.Instances;
using Workflow.Functions.Durable;
using Workflow.Functions.Tests.Support;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Durable;

/// <summary>Workers racing on one instance: one wins each commit, the others reload and carry on, and nothing is done twice.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RaceTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ManyWorkersWhenCommandsFallDue_EachCommandIssuedOnce(bool woken)
    {
        await using var host = TestHost.Start(new HostState(azurite));
        host.Clock.SetUtcNow(TestData.Opening);
        var runner = host.Get<InstanceRunner>();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => runner.RunAsync(TestHost.Id(), woken: woken))));

        Assert.All(results, r => Assert.Equal(RunOutcome.Done, r.Outcome));
        Assert.Single(results, r => !r.Commands.IsDefaultOrEmpty);
        var history = await host.Get<InstanceStore>().HistoryAsync(TestHost.Id());
        AssertConsistent(history);
        Assert.Equal([$"{TestData.InstanceId()}/timetable"], Issued(history));

        await host.DrainAsync();
        Assert.Equal([$"{TestData.InstanceId()}/timetable"], host.Mail.Where(m => m.Instance == TestData.InstanceId()).Select(m => m.Id));
        Assert.Equal(1, host.State.Sent.Count($"{TestData.InstanceId()}/timetable"));
    }

    [Fact]
    public async Task RunAsync_WorkersEachWithAnEvent_EveryEventCommittedOnceInSomeOrder()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(7, 2, 11)));
        var runner = host.Get<InstanceRunner>();
        const int workers = 16;

        var results = await Task.WhenAll(Enumerable.Range(1, workers).Select(n => Task.Run(() => runner.RunAsync(
            TestHost.Id(),
            (_, now) => [new FootprintNoticeGiven(now, NoticeSource.LocalAuthority, $"Council {n}", "Boundary change")]))));

        Assert.All(results, r => Assert.Equal(RunOutcome.Done, r.Outcome));
        var history = await host.Get<InstanceStore>().HistoryAsync(TestHost.Id());
        AssertConsistent(history);
        var notices = history.Select(e => e.Event).OfType<FootprintNoticeGiven>().Select(n => n.From).ToList();
        Assert.Equal(workers, notices.Count);
        Assert.Equal(workers, notices.Distinct().Count());
        var state = (await host.Get<InstanceStore>().GetAsync(TestHost.Id()))!.State;
        Assert.Equal(Enumerable.Range(1, workers), state.FootprintNotices.Select(n => n.Number));

        await host.DrainAsync();
        var received = host.Mail.Where(m => m.Kind == "footprint-notice-received").Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, workers).Select(n => $"{TestData.InstanceId()}/footprint-notice:{n}").Order(StringComparer.Ordinal), received);
        Assert.All(host.State.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task Submit_SameDraftTwiceAtOnce_OneRecordedTheOtherConflict()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.DrainAsync();
        var body = new { milestone = "draft", by = "pmo@example.org", reference = "https://example.org/plans/draft.pdf" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => host.RaiseAsync("submission", body))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(3, refused.Count);
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains("submitted already", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        var history = await host.Get<InstanceStore>().HistoryAsync(TestHost.Id());
        AssertConsistent(history);
        Assert.Single(history, e => e.Event is PlanSubmitted);

        await host.DrainAsync();
        Assert.Single(host.Mail, m => m.Kind == "submission-received");
        Assert.Single(await host.IntegrationEventsAsync(), e => e.GetProperty("type").GetString() == "uk.nhs.england.planning-round.plan.submitted");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Tick_TwoTimersAtOnce_EachCommandIssuedOnce()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        host.Clock.SetUtcNow(TestData.Opening);
        var ticker = host.Get<Ticker>();

        await Task.WhenAll(Task.Run(() => ticker.TickAsync()), Task.Run(() => ticker.TickAsync()), Task.Run(() => ticker.TickAsync()));
        await host.DrainAsync();

        foreach (var system in (string[])[TestData.System, TestData.Peer, TestData.OtherSystem])
        {
            AssertConsistent(await host.Get<InstanceStore>().HistoryAsync(TestHost.Id(system)));
        }
        Assert.Equal(3, host.Mail.Count);
        Assert.All(host.State.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
    }

    /// <summary>Events numbered 1, 2, 3… with no gap or repeat, and no command issued twice.</summary>
    private static void AssertConsistent(IReadOnlyList<StoredEvent> history)
    {
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.Sequence));
        var issued = Issued(history);
        Assert.Equal(issued.Count, issued.Distinct(StringComparer.Ordinal).Count());
    }

    private static List<string> Issued(IReadOnlyList<StoredEvent> history) =>
        [.. history.Select(e => e.Event).OfType<CommandIssued>().Select(c => c.Command.Id)];
}
