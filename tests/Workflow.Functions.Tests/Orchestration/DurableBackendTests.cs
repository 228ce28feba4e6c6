using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Tests.Support;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Orchestration;

/// <summary>
/// The orchestrator and its activities on the real Durable Task backend (Azure Storage on Azurite, through the local
/// host), with round time running four days a second: timers fire, events apply, a restart loses and repeats nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DurableBackendTests(AzuriteFixture azurite)
{
    private const double FourDaysASecond = 4 * 24 * 60 * 60;

    private static readonly DateTimeOffset EscalatedToNational = TestData.London(10, 4, 10);

    private Dictionary<string, string?> Settings() => DurableService.Settings(
        azurite, TestData.FewSystems, Path.Combine(TestData.Scratch, Guid.NewGuid().ToString("N")), TestData.BeforeOpening, FourDaysASecond);

    private static async Task<Round> StartRoundAsync(DurableService service)
    {
        var reference = service.Get<ReferenceData>();
        var round = RoundParser.Parse(TestData.RoundFile, reference.Calendar).GetValueOrThrow("the round");
        await service.Get<RoundStore>().AddAsync(round, TestData.RoundFile);
        var started = await service.Client.StartRoundAsync(service.Durable, round);
        Assert.Equal(reference.Directory.Systems.Length, started.Started);
        return round;
    }

    [Fact]
    public async Task RunRound_NobodyActsAndTheHostRestartsMidway_SendsWhatTheStateMachinePredictsOnce()
    {
        var settings = Settings();
        Round round;
        IReadOnlyList<InstanceId> instances;
        await using (var first = await DurableService.StartAsync(settings))
        {
            round = await StartRoundAsync(first);
            instances = [.. first.Get<ReferenceData>().Directory.Systems.Select(s => new InstanceId(round.Id, s.Code))];
            // Stopped while every instance waits on a timer, once the footprint reminders have gone.
            await DurableRound.WaitForAsync(first.Get<JournalStore>(), instances, round, TestData.London(7, 25));
        }

        await using var second = await DurableService.StartAsync(settings);
        var journal = second.Get<JournalStore>();
        await DurableRound.WaitForAsync(journal, instances, round, EscalatedToNational);

        await DurableRound.AssertIssuedAsPredictedAsync(journal, instances, round, EscalatedToNational);
        var mail = MailDrop.Read(settings["MailDrop:Folder"]!);
        Assert.Equal(mail.Count, mail.Select(m => m.Id).Distinct().Count());
        Assert.Contains(mail, m => m.Kind == "escalation-to-national");
    }

    [Fact]
    public async Task RaiseAsync_DraftOnTheBackend_IsRecordedOnceAndTheReceiptSent()
    {
        var settings = Settings();
        await using var service = await DurableService.StartAsync(settings);
        var round = await StartRoundAsync(service);
        var id = new InstanceId(round.Id, new SystemCode(TestData.System));
        await DurableRound.WaitForAsync(service.Get<JournalStore>(), [id], round, round.OpensAt);

        var draft = await service.Client.RaiseAsync(service.Durable, id, "page-draft-1", (_, now) => new PlanSubmitted(now, Milestone.Draft, "pmo@example.org", "plans/draft.pdf"));
        var again = await service.Client.RaiseAsync(service.Durable, id, "page-draft-1", (_, now) => new PlanSubmitted(now, Milestone.Draft, "pmo@example.org", "plans/draft.pdf"));

        Assert.Equal(RaiseOutcome.Recorded, draft.Outcome);
        Assert.Equal(Stage.FinalDue, draft.State!.Stage);
        Assert.Equal(RaiseOutcome.Recorded, again.Outcome);
        var journal = service.Get<JournalStore>();
        Assert.Single(await journal.ReadAsync(id), e => e.Event is PlanSubmitted);
        await DurableRound.EventuallyAsync(async () => (await DurableRound.IssuedAsync(journal, id)).Any(c => c.Kind == MessageKind.SubmissionReceived));
    }

    [Fact]
    public async Task RaiseLinkAsync_HundredPostsOfOneLinkAtOnce_RecordOneDecisionTheFirstClaimed()
    {
        await using var service = await DurableService.StartAsync(Settings());
        var round = await StartRoundAsync(service);
        var id = new InstanceId(round.Id, new SystemCode(TestData.System));
        await DurableRound.WaitForAsync(service.Get<JournalStore>(), [id], round, round.OpensAt);
        await service.Client.RaiseAsync(service.Durable, id, "draft", (_, now) => new PlanSubmitted(now, Milestone.Draft, "pmo@example.org", null));
        Assert.Equal(RaiseOutcome.Recorded, (await service.Client.RaiseAsync(service.Durable, id, "final", (_, now) => new PlanSubmitted(now, Milestone.Final, "pmo@example.org", null))).Outcome);

        var posts = await Task.WhenAll(Enumerable.Range(0, 100).Select(n => Task.Run(() => service.Client.RaiseLinkAsync(service.Durable, id, "decide-v1-nonce", (_, now) =>
            new DecisionRecorded(now, n % 2 == 0 ? Outcome.Agreed : Outcome.ChangesRequested, 1, "rd@example.org", n % 2 == 0 ? null : $"Change {n}")))));

        // A post whose wait ran out on a busy machine says so (pending); the decision is recorded all the same.
        Assert.All(posts, p => Assert.Contains(p.Outcome, new[] { RaiseOutcome.Recorded, RaiseOutcome.Pending }));
        Assert.Single(posts, p => p.FirstUse);
        var journal = service.Get<JournalStore>();
        await DurableRound.EventuallyAsync(async () => (await journal.ReadAsync(id)).Any(e => e.Event is DecisionRecorded));
        var decision = Assert.Single((await journal.ReadAsync(id)).Select(e => e.Event).OfType<DecisionRecorded>());
        var first = Array.FindIndex(posts, p => p.FirstUse);
        Assert.Equal((first % 2 == 0 ? Outcome.Agreed : Outcome.ChangesRequested, first % 2 == 0 ? null : $"Change {first}"), (decision.Outcome, decision.Comment));
    }
}
