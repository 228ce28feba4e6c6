using Microsoft.Extensions.Options;
using Moq;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications;
using Workflow.Notifications.Events;
using Workflow.Orchestration;
using Workflow.Orchestration.Activities;
using Workflow.Storage;
using Workflow.Storage.Directory;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Orchestration;

[Collection(AzuriteCollection.Name)]
public sealed class PlanningActivitiesTests(AzuriteFixture azurite)
{
    private static readonly ReferenceData Reference = ReferenceData.Load(Options.Create(new WorkflowOptions { DataFolder = "data" }));
    private static readonly InstanceId Instance = new(new RoundId(TestData.Round), new SystemCode(TestData.System));
    private static readonly RegionCode Region = new(TestData.NorthEastAndYorkshire);

    private readonly Mock<IMessageSender> _sender = new();
    private readonly Mock<IIntegrationEventPublisher> _events = new();

    private async Task<(PlanningActivities Activities, StorageAccount Account, Round Round)> StartAsync()
    {
        var account = await azurite.CreateAccountAsync();
        var round = RoundParser.Parse(TestData.RoundFile, Reference.Calendar).GetValueOrThrow("the round");
        await new RoundStore(account).AddAsync(round, TestData.RoundFile);
        var activities = new PlanningActivities(new RoundVersions(new RoundStore(account), Reference), Reference, new DirectoryStore(account), new DelegationStore(account), _sender.Object, _events.Object,
            new JournalStore(account), new StatusStore(account));
        return (activities, account, round);
    }

    [Fact]
    public async Task RoundVersions_AVersionReadOnce_IsNotReadFromStorageAgain()
    {
        var counter = new RequestCounter();
        var account = await azurite.CreateAccountAsync(counter);
        var round = RoundParser.Parse(TestData.RoundFile, Reference.Calendar).GetValueOrThrow("the round");
        await new RoundStore(account).AddAsync(round, TestData.RoundFile);
        var versions = new RoundVersions(new RoundStore(account), Reference);

        var first = await versions.SnapshotAsync(round.Id, 1);
        var afterFirst = counter.Total;
        var again = await versions.GetAsync(round.Id, 1);

        Assert.Equal(afterFirst, counter.Total);
        Assert.Equal(first.ToRound().FixedDue(Milestone.Final), again.FixedDue(Milestone.Final));
        await Assert.ThrowsAsync<InvalidOperationException>(() => versions.SnapshotAsync(round.Id, 2));
        Assert.True(counter.Total > afterFirst, "A version not stored is looked for every time: it may be stored next.");
    }

    private static (InstanceState State, Command Timetable) Opened(Round round)
    {
        var state = StateMachine.Start(Instance, new InstanceStarted(round.OpensAt, Region));
        return (state, StateMachine.Decide(state, round, round.OpensAt).Commands.Single());
    }

    private static string SendInput(Command command) => OrchestrationJson.Write(new SendMessageInput(Instance, Region, null, 1, command));

    [Fact]
    public async Task LoadRoundAsync_StoredVersion_IsTheRoundAsStored()
    {
        var (activities, _, round) = await StartAsync();

        var snapshot = OrchestrationJson.Read<RoundSnapshot>(await activities.LoadRoundAsync(OrchestrationJson.Write(new RoundRequest(round.Id, 1)), default));

        Assert.Equal(round.FixedDue(Milestone.Final), snapshot.ToRound().FixedDue(Milestone.Final));
        await Assert.ThrowsAsync<InvalidOperationException>(() => activities.LoadRoundAsync(OrchestrationJson.Write(new RoundRequest(round.Id, 2)), default));
    }

    [Fact]
    public async Task SendMessageAsync_SentOrRefused_SaysSoAndFailsOnlyWhatIsWorthTryingAgain()
    {
        var (activities, _, round) = await StartAsync();
        var (_, timetable) = Opened(round);
        _sender.SetupSequence(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(SendResult.Sent)
            .ReturnsAsync(new SendResult(SendOutcome.Rejected, "no such mailbox"))
            .ReturnsAsync(new SendResult(SendOutcome.Transient, "throttled"));

        Assert.True(OrchestrationJson.Read<SendMessageResult>(await activities.SendMessageAsync(SendInput(timetable), default)).Sent);
        Assert.Equal(new SendMessageResult(false, "no such mailbox"), OrchestrationJson.Read<SendMessageResult>(await activities.SendMessageAsync(SendInput(timetable), default)));
        await Assert.ThrowsAsync<MessageNotSentException>(() => activities.SendMessageAsync(SendInput(timetable), default));
    }

    [Fact]
    public async Task SendMessageAsync_Timetable_GoesToTheSystemsPmoWithTheRoundsTitle()
    {
        var (activities, _, round) = await StartAsync();
        var (_, timetable) = Opened(round);
        OutboundMessage? composed = null;
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .Callback<OutboundMessage, CancellationToken>((m, _) => composed = m)
            .ReturnsAsync(SendResult.Sent);

        await activities.SendMessageAsync(SendInput(timetable), default);

        Assert.NotNull(composed);
        Assert.Equal(timetable.Id, composed.Id);
        Assert.Equal(round.Definition.Title, composed.RoundTitle);
        Assert.Equal(Reference.Directory.Resolve(Role.Pmo, Instance.System, null).Select(c => c.Email), composed.To.Select(r => r.Email));
    }

    [Fact]
    public async Task SendMessageAsync_AfterThePmoIsChanged_GoesToTheNewAddress()
    {
        var (activities, account, round) = await StartAsync();
        var directories = new DirectoryStore(account);
        await directories.SeedAsync(Reference.Directory);
        var (_, timetable) = Opened(round);
        var scope = ContactRules.Scope(Reference.Directory, TestData.System)!;
        var changed = ContactRules.Replace(Reference.Directory, [scope],
            [new ProposedContact("pmo", TestData.System, "Kim Patel", "kim.patel@example.org", new FormRow("pmo-0"))], _ => "pmo-0-name").Value!;
        var saved = await directories.SaveContactsAsync(changed,
            new ContactChange(2, round.OpensAt, TestSignIn.National.Email, "form", ContactDiff.Between(Reference.Directory.Contacts, changed)), "test");
        OutboundMessage? composed = null;
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()))
            .Callback<OutboundMessage, CancellationToken>((m, _) => composed = m)
            .ReturnsAsync(SendResult.Sent);

        await activities.SendMessageAsync(SendInput(timetable), default);

        Assert.Equal(ContactsSaved.Applied, saved);
        Assert.Equal(["kim.patel@example.org"], composed!.To.Select(r => r.Email));
    }

    [Fact]
    public async Task ProjectAsync_Twice_WritesOneJournalAndTheStatusRow()
    {
        var (activities, account, round) = await StartAsync();
        var (state, timetable) = Opened(round);
        var issued = StateMachine.Apply(state, new CommandIssued(round.OpensAt, timetable));
        var input = OrchestrationJson.Write(new ProjectionInput(issued, round.OpensAt, null,
            [new JournalEntry(new InstanceStarted(round.OpensAt, Region), state.Version), new JournalEntry(new CommandIssued(round.OpensAt, timetable), issued.Version)]));

        await activities.ProjectAsync(input, default);
        await activities.ProjectAsync(input, default);

        Assert.Equal(2, (await new JournalStore(account).ReadAsync(Instance)).Count);
        Assert.Equal(issued.Version, (await new JournalStore(account).GetAsync(Instance))!.State.Version);
        Assert.Equal(Stage.Drafting, (await new StatusStore(account).GetAsync(Instance))!.Stage);
    }

    /// <summary>An opened instance's timetable issued, with the plan event of a draft submitted beside it, to carry out as one iteration.</summary>
    private static (IterationWork Work, InstanceState Issued) OneIteration(Round round)
    {
        var (state, timetable) = Opened(round);
        var issued = StateMachine.Apply(state, new CommandIssued(round.OpensAt, timetable));
        var draft = new PlanSubmitted(round.OpensAt, Milestone.Draft, "pmo@example.org", null);
        var reported = PlanEvents.For(draft, StateMachine.Apply(issued, draft))!;
        var projection = new ProjectionInput(issued, round.OpensAt, null,
            [new JournalEntry(new InstanceStarted(round.OpensAt, Region), state.Version), new JournalEntry(new CommandIssued(round.OpensAt, timetable), issued.Version)]);
        return (new IterationWork([new SendMessageInput(Instance, Region, null, 1, timetable)], [reported], projection), issued);
    }

    [Fact]
    public async Task CarryOutAsync_EverySendGoes_SendsPublishesAndProjects()
    {
        var (activities, account, round) = await StartAsync();
        var (work, issued) = OneIteration(round);
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(SendResult.Sent);

        var done = OrchestrationJson.Read<IterationWorkDone>(await activities.CarryOutAsync(OrchestrationJson.Write(work), default));

        Assert.True(done.Projected);
        Assert.Equal(SendMessageResult.Delivered, Assert.Single(done.Sends));
        _sender.Verify(s => s.SendAsync(It.Is<OutboundMessage>(m => m.Id == work.Sends[0].Command.Id), It.IsAny<CancellationToken>()), Times.Once);
        _events.Verify(e => e.PublishAsync(It.Is<PlanEvent>(p => p.Id == work.Events[0].Id), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(2, (await new JournalStore(account).ReadAsync(Instance)).Count);
        Assert.Equal(issued.Version, (await new JournalStore(account).GetAsync(Instance))!.State.Version);
        Assert.Equal(Stage.Drafting, (await new StatusStore(account).GetAsync(Instance))!.Stage);
    }

    [Fact]
    public async Task CarryOutAsync_ASendRefusedForGood_SaysWhichAndProjectsNothing()
    {
        var (activities, account, round) = await StartAsync();
        var (work, _) = OneIteration(round);
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(new SendResult(SendOutcome.Rejected, "no such mailbox"));

        var done = OrchestrationJson.Read<IterationWorkDone>(await activities.CarryOutAsync(OrchestrationJson.Write(work), default));

        // The orchestration records the refusal in the state and projects that; a projection here would show it sent.
        Assert.False(done.Projected);
        Assert.Equal(new SendMessageResult(false, "no such mailbox"), Assert.Single(done.Sends));
        Assert.Empty(await new JournalStore(account).ReadAsync(Instance));
        Assert.Null(await new StatusStore(account).GetAsync(Instance));
    }

    [Fact]
    public async Task CarryOutAsync_ASendWorthTryingAgain_FailsHavingProjectedNothing()
    {
        var (activities, account, round) = await StartAsync();
        var (work, _) = OneIteration(round);
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(new SendResult(SendOutcome.Transient, "throttled"));

        await Assert.ThrowsAsync<MessageNotSentException>(() => activities.CarryOutAsync(OrchestrationJson.Write(work), default));

        Assert.Empty(await new JournalStore(account).ReadAsync(Instance));
        Assert.Null(await new StatusStore(account).GetAsync(Instance));
    }
}
