using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Moq;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Tests.Support;
using Workflow.Orchestration;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;
using Workflow.Storage.Rounds;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Orchestration;

[Collection(AzuriteCollection.Name)]
public sealed class PlanningClientTests(AzuriteFixture azurite)
{
    private static readonly ReferenceData Reference = TestData.FewSystemsReference;
    private static readonly Round Round = TestData.ShippedRound;
    private static readonly InstanceId Instance = new(Round.Id, new SystemCode(TestData.System));

    private readonly Mock<DurableTaskClient> _durable = new("test");

    private async Task<(PlanningClient Client, JournalStore Journal)> StartAsync(bool projected = true)
    {
        var account = await azurite.CreateAccountAsync();
        await new RoundStore(account).AddAsync(Round, TestData.RoundFile);
        var journal = new JournalStore(account);
        if (projected)
        {
            var started = new InstanceStarted(Round.OpensAt, new RegionCode(TestData.NorthEastAndYorkshire));
            await journal.ProjectAsync(StateMachine.Start(Instance, started), [new JournalEntry(started, 1)]);
        }
        var options = Options.Create(new WorkflowOptions { RaiseWaitSeconds = 5 });
        return (new PlanningClient(journal, new LinkClaimStore(account), new RoundVersions(new RoundStore(account), Reference), Reference, TimeProvider.System, options), journal);
    }

    private static InstanceEvent Draft(InstanceState state, DateTimeOffset now) => new PlanSubmitted(now, Milestone.Draft, "pmo@example.org", null);

    private static InstanceEvent Decision(InstanceState state, DateTimeOffset now) => new DecisionRecorded(now, Outcome.Agreed, 1, "rd@example.org", null);

    [Fact]
    public async Task RaiseAsync_InstanceNeverRan_IsNotFoundAndRaisesNothing()
    {
        var (client, _) = await StartAsync(projected: false);

        Assert.Equal(RaiseOutcome.NotFound, (await client.RaiseAsync(_durable.Object, Instance, "e1", Draft)).Outcome);
        _durable.Verify(d => d.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task RaiseAsync_EventTheStateRefuses_AnswersWhyAtOnceAndRaisesNothing()
    {
        var (client, _) = await StartAsync();

        var result = await client.RaiseAsync(_durable.Object, Instance, "e1", Decision);

        Assert.Equal((RaiseOutcome.Refused, "no final plan has been submitted"), (result.Outcome, result.Refusal));
        _durable.Verify(d => d.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task RaiseAsync_Accepted_RaisesItUnderItsIdAndAnswersOnceTheInstanceHasAppliedIt()
    {
        var (client, journal) = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, journal);

        var result = await client.RaiseAsync(_durable.Object, Instance, "link-nonce", Draft);

        Assert.Equal(RaiseOutcome.Recorded, result.Outcome);
        Assert.Equal(Stage.FinalDue, result.State!.Stage);
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((Instance.ToString(), "link-nonce"), (instance, happened.Id));
    }

    [Fact]
    public async Task RaiseAsync_TheFirstRaiseIsLost_RaisesItAgainUnderTheSameIdAndAnswersOnceApplied()
    {
        var (client, journal) = await StartAsync();
        var payloads = new List<string>();
        _durable.Setup(d => d.RaiseEventAsync(Instance.ToString(), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, object?, CancellationToken>((_, _, payload, _) => payloads.Add((string)payload!))
            .Returns(async () =>
            {
                // The backend drops the first; the instance applies the second.
                if (payloads.Count < 2)
                {
                    return;
                }
                var happened = OrchestrationJson.Read<PlanningEvent>(payloads[^1]);
                var state = (await journal.GetAsync(Instance))!.State;
                await journal.ProjectAsync(StateMachine.Apply(state, happened.Event!), [new JournalEntry(happened.Event!, state.Version + 1, happened.Id)]);
            });

        var result = await client.RaiseAsync(_durable.Object, Instance, "link-nonce", Draft);

        Assert.Equal(RaiseOutcome.Recorded, result.Outcome);
        Assert.Equal(2, payloads.Count);
        Assert.Equal(payloads[0], payloads[1]);
    }

    [Fact]
    public async Task RaiseAsync_IdTheJournalHasAlready_AnswersWhatCameOfItWithoutRaisingAgain()
    {
        var (client, journal) = await StartAsync();
        var state = (await journal.GetAsync(Instance))!.State;
        var draft = Draft(state, Round.OpensAt);
        await journal.ProjectAsync(StateMachine.Apply(state, draft), [new JournalEntry(draft, state.Version + 1, "link-nonce")]);

        Assert.Equal(RaiseOutcome.Recorded, (await client.RaiseAsync(_durable.Object, Instance, "link-nonce", Draft)).Outcome);
        _durable.Verify(d => d.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ChangeTimetableAsync_NewVersion_TellsEachInstanceBehindItUnderOneIdForTheVersion()
    {
        var (client, journal) = await StartAsync();
        var changed = RoundParser.ParseChange(TestData.ChangedRound(2, ("final", "2019-11-22T17:00")), Round).GetValueOrThrow("the change");
        var raised = RaisedEvents.ApplyAtOnce(_durable, journal);

        var pending = await client.ChangeTimetableAsync(_durable.Object, changed);
        var again = await client.ChangeTimetableAsync(_durable.Object, changed);

        // Only the projected instance is told, once for version 2, and the same change again tells nobody.
        Assert.Equal((0, 0), (pending, again));
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal(Instance.ToString(), instance);
        Assert.Equal("timetable:v2", happened.Id);
        Assert.Equal(2, Assert.IsType<TimetableChanged>(happened.Event).RoundVersion);
    }

    [Fact]
    public async Task ChangeTimetableAsync_EventNeverApplied_RaisedAgainUnderItsIdAndCountedAsPending()
    {
        var (client, _) = await StartAsync();
        var changed = RoundParser.ParseChange(TestData.ChangedRound(2, ("final", "2019-11-22T17:00")), Round).GetValueOrThrow("the change");
        var raised = new List<string>();
        _durable.Setup(d => d.RaiseEventAsync(Instance.ToString(), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, object?, CancellationToken>((_, _, payload, _) =>
            {
                lock (raised)
                {
                    raised.Add(OrchestrationJson.Read<PlanningEvent>((string)payload!).Id);
                }
            })
            .Returns(Task.CompletedTask);

        var pending = await client.ChangeTimetableAsync(_durable.Object, changed);

        // Within the 5 s wait, raised at once and again after 3 s, both under the version's id.
        Assert.Equal(1, pending);
        Assert.Equal(["timetable:v2", "timetable:v2"], raised);
    }

    [Fact]
    public async Task StartRoundAsync_SomeRunningAlready_StartsOnlyTheRestWithTheirOwnIds()
    {
        var (client, _) = await StartAsync();
        var scheduled = new List<string>();
        // The query asks for this round's instances only, and gets them a page at a time.
        _durable.Setup(d => d.GetAllInstancesAsync(It.Is<OrchestrationQuery>(q => q.InstanceIdPrefix == $"{Round.Id}|")))
            .Returns(Pageable.Create<OrchestrationMetadata>((token, _) => Task.FromResult(token is null
                ? new Page<OrchestrationMetadata>([], "next")
                : new Page<OrchestrationMetadata>([new OrchestrationMetadata(PlanningOrchestrator.Name, Instance.ToString())]))));
        _durable.Setup(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?, CancellationToken>((name, input, start, _) =>
            {
                Assert.Equal(PlanningOrchestrator.Name, name.Name);
                var first = OrchestrationJson.Read<PlanningInput>((string)input!);
                Assert.Equal(start!.InstanceId, first.State.Id.ToString());
                // The round goes with the start, so the first iteration has nothing to load.
                Assert.Equal((Round.Version, Round.Version), (first.State.RoundVersion, first.Round?.Version));
                lock (scheduled)
                {
                    scheduled.Add(start.InstanceId!);
                }
            })
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? start, CancellationToken _) => start!.InstanceId!);

        var result = await client.StartRoundAsync(_durable.Object, Round);

        Assert.Equal((Reference.Directory.Systems.Length - 1, 1), (result.Started, result.AlreadyRunning));
        Assert.DoesNotContain(Instance.ToString(), scheduled);
    }
}
