using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Durable;
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
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly DateTimeOffset EscalatedToNational = TestData.London(10, 4, 10);

    private Dictionary<string, string?> Settings() => DurableService.Settings(
        azurite, TestData.FewSystems, Path.Combine(TestData.Scratch, Guid.NewGuid().ToString("N")), TestData.BeforeOpening, FourDaysASecond);

    private static async Task<Round> StartRoundAsync(DurableService service)
    {
        var reference = service.Get<ReferenceData>();
        var round = RoundParser.Parse(TestData.RoundFile, reference.Calendar).GetValueOrThrow("the round");
        await service.Get<RoundStore>().AddAsync(round, TestData.RoundFile);
        var started = await service.Client.StartRoundAsync(round);
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
            await WaitForAsync(first, instances, round, TestData.London(7, 25));
        }

        await using var second = await DurableService.StartAsync(settings);
        var journal = second.Get<JournalStore>();
        await WaitForAsync(second, instances, round, EscalatedToNational);

        foreach (var id in instances)
        {
            var predicted = Predicted((await journal.GetAsync(id))!.State.StartedAt, id, round, EscalatedToNational);
            var issued = (await Issued(journal, id)).Where(c => c.At <= EscalatedToNational).ToList();
            Assert.Equal(predicted.Select(Line), issued.Select(Line));
        }
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
        await WaitForAsync(service, [id], round, round.OpensAt);

        var draft = await service.Client.RaiseAsync(id, "page-draft-1", (_, now) => new PlanSubmitted(now, Milestone.Draft, "pmo@example.org", "plans/draft.pdf"));
        var again = await service.Client.RaiseAsync(id, "page-draft-1", (_, now) => new PlanSubmitted(now, Milestone.Draft, "pmo@example.org", "plans/draft.pdf"));

        Assert.Equal(RaiseOutcome.Recorded, draft.Outcome);
        Assert.Equal(Stage.FinalDue, draft.State!.Stage);
        Assert.Equal(RaiseOutcome.Recorded, again.Outcome);
        var journal = service.Get<JournalStore>();
        Assert.Single(await journal.ReadAsync(id), e => e.Event is PlanSubmitted);
        await Eventually(async () => (await Issued(journal, id)).Any(c => c.Kind == MessageKind.SubmissionReceived));
    }

    [Fact]
    public async Task RaiseLinkAsync_HundredPostsOfOneLinkAtOnce_RecordOneDecisionTheFirstClaimed()
    {
        await using var service = await DurableService.StartAsync(Settings());
        var round = await StartRoundAsync(service);
        var id = new InstanceId(round.Id, new SystemCode(TestData.System));
        await WaitForAsync(service, [id], round, round.OpensAt);
        await service.Client.RaiseAsync(id, "draft", (_, now) => new PlanSubmitted(now, Milestone.Draft, "pmo@example.org", null));
        Assert.Equal(RaiseOutcome.Recorded, (await service.Client.RaiseAsync(id, "final", (_, now) => new PlanSubmitted(now, Milestone.Final, "pmo@example.org", null))).Outcome);

        var posts = await Task.WhenAll(Enumerable.Range(0, 100).Select(n => Task.Run(() => service.Client.RaiseLinkAsync(id, "decide-v1-nonce", (_, now) =>
            new DecisionRecorded(now, n % 2 == 0 ? Outcome.Agreed : Outcome.ChangesRequested, 1, "rd@example.org", n % 2 == 0 ? null : $"Change {n}")))));

        var decision = Assert.Single((await service.Get<JournalStore>().ReadAsync(id)).Select(e => e.Event).OfType<DecisionRecorded>());
        Assert.Single(posts, p => p.FirstUse);
        Assert.All(posts, p => Assert.Equal(RaiseOutcome.Recorded, p.Outcome));
        var first = posts.Single(p => p.FirstUse).State!.LastDecision!;
        Assert.Equal((first.Outcome, first.Comment), (decision.Outcome, decision.Comment));
    }

    /// <summary>What the state machine alone issues for an instance nobody acts on, up to <paramref name="until"/>.</summary>
    private static List<Command> Predicted(DateTimeOffset startedAt, InstanceId id, Round round, DateTimeOffset until)
    {
        var state = StateMachine.Start(id, new InstanceStarted(startedAt, new RegionCode(TestData.NorthEastAndYorkshire)));
        var issued = new List<Command>();
        for (var now = startedAt; now <= until;)
        {
            var decided = StateMachine.Decide(state, round, now);
            foreach (var command in decided.Commands)
            {
                state = StateMachine.Apply(state, new CommandIssued(now, command));
                issued.Add(command);
            }
            if (decided.NextWakeAt is not { } wake)
            {
                break;
            }
            now = wake;
        }
        return issued;
    }

    private static async Task<List<Command>> Issued(JournalStore journal, InstanceId id) =>
        [.. (await journal.ReadAsync(id)).Select(e => e.Event).OfType<CommandIssued>().Select(c => c.Command)];

    /// <summary>Until every instance has issued all the state machine predicts up to <paramref name="until"/>.</summary>
    private static Task WaitForAsync(DurableService service, IReadOnlyList<InstanceId> instances, Round round, DateTimeOffset until) => Eventually(async () =>
    {
        var journal = service.Get<JournalStore>();
        foreach (var id in instances)
        {
            if (await journal.GetAsync(id) is not { } snapshot
                || Predicted(snapshot.State.StartedAt, id, round, until).Select(c => c.Id).Except(snapshot.State.Issued).Any())
            {
                return false;
            }
        }
        return true;
    });

    private static async Task Eventually(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not done within {Patience.TotalSeconds} s.");
            await Task.Delay(250);
        }
    }

    private static string Line(Command command) => $"{command.At.UtcDateTime:yyyy-MM-dd HH:mm} {command.Id}";
}
