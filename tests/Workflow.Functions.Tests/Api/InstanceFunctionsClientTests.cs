using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Api;
using Workflow.Functions.Tests.Support;
using Workflow.Orchestration;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>
/// The instance and round functions, called as the Functions host calls them, with a mocked Durable Task client:
/// which calls each makes on the client, and what it answers.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InstanceFunctionsClientTests(AzuriteFixture azurite)
{
    private const string By = "national@example.org";
    private static readonly string Round = TestData.ShippedRound.Id.Value;
    private static readonly InstanceId Instance = InstanceOf(TestData.System);
    private static readonly InstanceId PeerInstance = InstanceOf(TestData.Peer);
    private static readonly string OrchestrationId = PlanningOrchestrator.InstanceIdFor(Instance);
    private static readonly DateTimeOffset DayAfterOpening = TestData.ShippedRound.OpensAt.AddDays(1);

    /// <summary>The service's clock reads a day after what the tests project, so whatever a function records comes after it.</summary>
    private static readonly DateTimeOffset Clock = DayAfterOpening.AddDays(1);

    /// <summary>For functions that must answer before the instance has taken what they raised.</summary>
    private static readonly Dictionary<string, string?> NoWait = new() { ["Workflow:RaiseWaitSeconds"] = "0" };

    private readonly Mock<DurableTaskClient> _durable = new("test");

    private Task<RegisteredFunctions> StartAsync(IReadOnlyDictionary<string, string?>? more = null) => RegisteredFunctions.StartAsync(azurite, Clock, more);

    private static InstanceId InstanceOf(string system) => new(TestData.ShippedRound.Id, new SystemCode(system));

    private void ReportsRuntime(OrchestrationRuntimeStatus status) =>
        _durable.Setup(d => d.GetInstanceAsync(OrchestrationId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(PlanningOrchestrator.Name, OrchestrationId) { RuntimeStatus = status });

    private Task<IResult> GetAsync(RegisteredFunctions functions, string system = TestData.System) =>
        functions.Create<InstancesFunctions>().GetAsync(RegisteredFunctions.Request("GET", query: "?showHistory=false"), Round, system, _durable.Object, CancellationToken.None);

    private static HttpRequest Post(string body, string idempotencyKey)
    {
        var request = RegisteredFunctions.Request("POST", body);
        request.Headers["Idempotency-Key"] = idempotencyKey;
        return request;
    }

    private Task<IResult> ControlAsync(RegisteredFunctions functions, string operation) =>
        functions.Create<InstancesFunctions>().ControlAsync(Post($$"""{"reason":"the system asked","by":"{{By}}"}""", "control-1"), Round, TestData.System, operation, _durable.Object, CancellationToken.None);

    private Task<IResult> RaiseAsync(RegisteredFunctions functions, string eventName, string body) =>
        functions.Create<InstancesFunctions>().RaiseEventAsync(Post(body, "event-1"), Round, TestData.System, eventName, _durable.Object, CancellationToken.None);

    private Task<IResult> RecordAsync(RegisteredFunctions functions, string system, string eventName, string body) =>
        functions.Create<InstancesFunctions>().RecordAsync(Post(body, "event-1"), Round, system, eventName, _durable.Object, CancellationToken.None);

    private Task<IResult> ChangeTimetableAsync(RegisteredFunctions functions, string round, string body) =>
        functions.Create<RoundsFunctions>().ChangeTimetableAsync(RegisteredFunctions.Request("PUT", body), round, _durable.Object, CancellationToken.None);

    private Task<IResult> SuspendRoundAsync(RegisteredFunctions functions, string body) =>
        functions.Create<RoundsFunctions>().SuspendAsync(RegisteredFunctions.Request("POST", body), Round, _durable.Object, CancellationToken.None);

    private Task<IResult> ResumeRoundAsync(RegisteredFunctions functions, string? timetable = null) =>
        functions.Create<RoundsFunctions>().ResumeAsync(RegisteredFunctions.Request("POST", timetable is null ? $$"""{"by":"{{By}}"}""" : $$"""{"by":"{{By}}","timetable":{{timetable}}}"""),
            Round, _durable.Object, CancellationToken.None);

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, "running")]
    [InlineData(OrchestrationRuntimeStatus.Failed, "failed")]
    [InlineData(OrchestrationRuntimeStatus.Suspended, "suspended")]
    public async Task GetInstance_ClientReportsAStatus_AnswersItAsTheRuntimeStatus(OrchestrationRuntimeStatus status, string answered)
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);
        ReportsRuntime(status);

        var view = Assert.IsType<Ok<InstanceView>>(await GetAsync(functions)).Value!;

        Assert.Equal(answered, view.Runtime!.Status);
        Assert.False(view.Suspended);
        _durable.Verify(d => d.GetInstanceAsync(OrchestrationId, false, It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task GetInstance_SuspendedByTheDomain_SuspendedWhileItsOrchestrationRuns()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance, new Suspended(DayAfterOpening, By, "boundary review"));
        ReportsRuntime(OrchestrationRuntimeStatus.Running);

        var view = Assert.IsType<Ok<InstanceView>>(await GetAsync(functions)).Value!;

        // Suspension is the state machine's: the orchestration keeps running and holds back every prompt itself.
        Assert.True(view.Suspended);
        Assert.Equal("running", view.Runtime!.Status);
    }

    [Fact]
    public async Task GetInstance_OrchestrationPurged_AnswersTheJournalWithNoRuntime()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);

        var view = Assert.IsType<Ok<InstanceView>>(await GetAsync(functions)).Value!;

        Assert.Equal(Instance.ToString(), view.Id);
        Assert.Null(view.Runtime);
    }

    [Fact]
    public async Task GetInstance_SystemWithNoInstance_NotFoundWithoutAskingTheClient()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);

        Assert.Equal(StatusCodes.Status404NotFound, RegisteredFunctions.StatusOf(await GetAsync(functions, TestData.Peer)));
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("suspend", typeof(Suspended), true, false)]
    [InlineData("resume", typeof(Resumed), false, false)]
    [InlineData("terminate", typeof(Withdrawn), false, true)]
    [InlineData("restart", typeof(Restarted), false, false)]
    public async Task ControlInstance_Operation_RaisesItsDomainEventUnderTheKeyAndAnswersTheInstance(string operation, Type recorded, bool suspended, bool withdrawn)
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance, operation == "resume" ? [new Suspended(DayAfterOpening, By, "boundary review")] : []);
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);

        var result = await ControlAsync(functions, operation);

        var view = Assert.IsType<Ok<InstanceView>>(result).Value!;
        Assert.Equal((suspended, withdrawn), (view.Suspended, view.Withdrawn));
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((OrchestrationId, "api:control-1"), (instance, happened.Id));
        Assert.IsType(recorded, happened.Event);
        // None of them is the Durable suspend, resume or terminate: the orchestration must stay alive to hold, resume or restart.
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("Suspend")]
    [InlineData("TERMINATE")]
    [InlineData("Purge")]
    [InlineData("pause")]
    public async Task ControlInstance_UnknownOrWronglyCasedOperation_NotFoundAndNothingCalled(string operation)
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);

        Assert.Equal(StatusCodes.Status404NotFound, RegisteredFunctions.StatusOf(await ControlAsync(functions, operation)));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ControlInstance_ResumeWhenNotSuspended_ConflictAndNothingRaised()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);

        Assert.Equal(StatusCodes.Status409Conflict, RegisteredFunctions.StatusOf(await ControlAsync(functions, "resume")));
        _durable.VerifyNoOtherCalls();
    }

    /// <summary>RecordSystemEvent is the round API's path to the same events, as PMOs' own systems post them.</summary>
    [Theory]
    [InlineData("RaiseEvent")]
    [InlineData("RecordSystemEvent")]
    public async Task RaiseEventOrRecordSystemEvent_Accepted_RaisedUnderItsKeyToTheInstanceAndAnsweredOnceApplied(string function)
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        const string body = """{"milestone":"draft","by":"pmo@example.org","reference":"https://example.org/plans/draft.pdf"}""";

        var result = function == "RaiseEvent" ? await RaiseAsync(functions, "submission", body) : await RecordAsync(functions, TestData.System, "submission", body);

        Assert.Equal("final-due", Assert.IsType<Ok<InstanceView>>(result).Value!.Stage);
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((OrchestrationId, "api:event-1"), (instance, happened.Id));
        var submitted = Assert.IsType<PlanSubmitted>(happened.Event);
        Assert.Equal((Milestone.Draft, "pmo@example.org"), (submitted.Milestone, submitted.By));
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task RaiseEvent_NotAppliedWithinTheWait_AcceptedAndRaisedOnce()
    {
        await using var functions = await StartAsync(NoWait);
        await functions.ProjectAsync(Instance);
        _durable.Setup(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await RaiseAsync(functions, "submission", """{"milestone":"draft","by":"pmo@example.org"}""");

        Assert.Equal($"/api/instances/{Round}/{TestData.System}", Assert.IsType<Accepted>(result).Location);
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name,
            It.Is<object?>(p => OrchestrationJson.Read<PlanningEvent>((string)p!).Id == "api:event-1"), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("peer", """{"peer":"E54999999"}""", StatusCodes.Status400BadRequest)]
    [InlineData("submission", """{"milestone":"draft","by":""", StatusCodes.Status400BadRequest)]
    [InlineData("decision", """{"outcome":"agreed","planVersion":1,"by":"rd@example.org"}""", StatusCodes.Status409Conflict)]
    [InlineData("approval", """{"by":"rd@example.org"}""", StatusCodes.Status404NotFound)]
    public async Task RaiseEvent_Refused_AnswersWhyAndRaisesNothing(string eventName, string body, int status)
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);

        Assert.Equal(status, RegisteredFunctions.StatusOf(await RaiseAsync(functions, eventName, body)));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task RecordSystemEvent_SystemWithNoInstance_NotFoundAndNothingRaised()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);

        var result = await RecordAsync(functions, TestData.Peer, "submission", """{"milestone":"draft","by":"pmo@example.org"}""");

        Assert.Equal(StatusCodes.Status404NotFound, RegisteredFunctions.StatusOf(result));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task StartRound_OneSystemRunning_SchedulesTheOthersUnderTheirIdsAndAnswersTheCounts()
    {
        await using var functions = await StartAsync();
        _durable.Setup(d => d.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()))
            .Returns(Pageable.Create<OrchestrationMetadata>((_, _) =>
                Task.FromResult(new Page<OrchestrationMetadata>([new OrchestrationMetadata(PlanningOrchestrator.Name, OrchestrationId)]))));
        _durable.Setup(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? start, CancellationToken _) => start!.InstanceId!);

        var result = await functions.Create<RoundsFunctions>().StartAsync(RegisteredFunctions.Request("POST"), Round, _durable.Object, CancellationToken.None);

        Assert.Equal(new StartView(Round, 2, 1), Assert.IsType<Ok<StartView>>(result).Value);
        foreach (var system in (string[])[TestData.Peer, TestData.OtherSystem])
        {
            var id = PlanningOrchestrator.InstanceIdFor(InstanceOf(system));
            _durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == PlanningOrchestrator.Name), It.IsAny<object?>(), It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == id), It.IsAny<CancellationToken>()), Times.Once);
        }
        _durable.Verify(d => d.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task StartRound_RoundNotStored_NotFoundAndNothingScheduled()
    {
        await using var functions = await StartAsync();

        var result = await functions.Create<RoundsFunctions>().StartAsync(RegisteredFunctions.Request("POST"), "2020-21", _durable.Object, CancellationToken.None);

        Assert.Equal(StatusCodes.Status404NotFound, RegisteredFunctions.StatusOf(result));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ChangeTimetable_NewVersion_TellsEachRunningInstanceOnceAndAnswersTheRound()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);
        await functions.ProjectAsync(PeerInstance, new Withdrawn(DayAfterOpening, By, "merged"));
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);

        var result = await ChangeTimetableAsync(functions, Round, TestData.ChangedRound(2, ("final", "2019-11-22T17:00")));

        var view = Assert.IsType<Ok<RoundView>>(result).Value!;
        Assert.Equal(2, view.Version);
        Assert.Equal(TestData.London(11, 22, 17), view.Milestones.Single(m => m.Id == "final").Due);
        // The withdrawn system is not told: it has nothing left to move.
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((OrchestrationId, "timetable:v2"), (instance, happened.Id));
        Assert.Equal(2, Assert.IsType<TimetableChanged>(happened.Event).RoundVersion);
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ChangeTimetable_NotAppliedWithinTheWait_AcceptedWithTheStoredRound()
    {
        await using var functions = await StartAsync(NoWait);
        await functions.ProjectAsync(Instance);
        _durable.Setup(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await ChangeTimetableAsync(functions, Round, TestData.ChangedRound(2, ("final", "2019-11-22T17:00")));

        var accepted = Assert.IsType<Accepted<RoundView>>(result);
        Assert.Equal(($"/api/rounds/{Round}", 2), (accepted.Location, accepted.Value!.Version));
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name,
            It.Is<object?>(p => OrchestrationJson.Read<PlanningEvent>((string)p!).Id == "timetable:v2"), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(TestData.Round, 1, StatusCodes.Status400BadRequest)]
    [InlineData("2020-21", 2, StatusCodes.Status404NotFound)]
    public async Task ChangeTimetable_VersionNotHigherOrRoundNotStored_RefusedAndNothingRaised(string round, int version, int status)
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);

        Assert.Equal(status, RegisteredFunctions.StatusOf(await ChangeTimetableAsync(functions, round, TestData.ChangedRound(version, ("final", "2019-11-22T17:00")))));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task SuspendRound_OneSystemSuspendedOnItsOwn_SuspendsTheOthersUnderTheSuspensionsId()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);
        await functions.ProjectAsync(PeerInstance, new Suspended(DayAfterOpening, By, "boundary review"));
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);

        var result = await SuspendRoundAsync(functions, $$"""{"reason":"general election","by":"{{By}}"}""");

        var suspension = Assert.IsType<Ok<RoundView>>(result).Value!.Suspension!;
        Assert.Equal((true, By, "general election"), (suspension.Suspended, suspension.By, suspension.Reason));
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((OrchestrationId, "round-suspended:1"), (instance, happened.Id));
        Assert.Equal("general election", Assert.IsType<Suspended>(happened.Event).Reason);
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("""{"by":"national@example.org"}""")]
    [InlineData("""{"reason":"general election"}""")]
    [InlineData("""{"reason":"general election","by":""")]
    public async Task SuspendRound_BodyWithoutWhoOrWhy_BadRequestAndNothingRaised(string body)
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);

        Assert.Equal(StatusCodes.Status400BadRequest, RegisteredFunctions.StatusOf(await SuspendRoundAsync(functions, body)));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task SuspendRound_RoundSuspendedAlready_ConflictAndNothingRaised()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        Assert.IsType<Ok<RoundView>>(await SuspendRoundAsync(functions, $$"""{"reason":"general election","by":"{{By}}"}"""));

        var result = await SuspendRoundAsync(functions, $$"""{"reason":"pandemic response","by":"{{By}}"}""");

        Assert.Equal(StatusCodes.Status409Conflict, RegisteredFunctions.StatusOf(result));
        // The first suspension stands as it was: the second is neither recorded on the round nor raised on its instances.
        var stored = Assert.IsType<Ok<RoundView>>(await functions.Create<RoundsFunctions>().GetAsync(RegisteredFunctions.Request("GET"), Round, CancellationToken.None)).Value!;
        Assert.Equal((true, "general election"), (stored.Suspension!.Suspended, stored.Suspension.Reason));
        Assert.Equal(["round-suspended:1"], raised.Select(r => r.Event.Id));
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ResumeRound_AfterTheRoundsSuspension_ResumesOnlyWhatItSuspended()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);
        await functions.ProjectAsync(PeerInstance, new Suspended(DayAfterOpening, By, "boundary review"));
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        Assert.IsType<Ok<RoundView>>(await SuspendRoundAsync(functions, $$"""{"reason":"general election","by":"{{By}}"}"""));

        var result = await ResumeRoundAsync(functions);

        var suspension = Assert.IsType<Ok<RoundView>>(result).Value!.Suspension!;
        Assert.Equal((false, By), (suspension.Suspended, suspension.ResumedBy));
        // The peer was suspended on its own before the round was, so the round's resumption must leave it suspended.
        Assert.Equal([(OrchestrationId, "round-suspended:1"), (OrchestrationId, "round-resumed:1")], raised.Select(r => (r.Instance, r.Event.Id)));
        Assert.IsType<Resumed>(raised[1].Event.Event);
        Assert.True((await functions.Journal.GetAsync(PeerInstance))!.State.IsSuspended);
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ResumeRound_GivenANewTimetable_MovesEachSuspendedInstanceToItOnceThenResumesIt()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance);
        await functions.ProjectAsync(PeerInstance);
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        Assert.IsType<Ok<RoundView>>(await SuspendRoundAsync(functions, $$"""{"reason":"pandemic response","by":"{{By}}"}"""));

        var result = await ResumeRoundAsync(functions, TestData.ChangedRound(2, ("final", "2019-11-22T17:00")));

        var view = Assert.IsType<Ok<RoundView>>(result).Value!;
        Assert.Equal((2, false), (view.Version, view.Suspension!.Suspended));
        foreach (var id in (InstanceId[])[Instance, PeerInstance])
        {
            // The new timetable reaches each instance before its resumption, so its dates are kept as given, not moved on.
            var told = raised.Where(r => r.Instance == PlanningOrchestrator.InstanceIdFor(id)).Select(r => r.Event).ToList();
            Assert.Equal(["round-suspended:1", "timetable:v2", "round-resumed:1"], told.Select(e => e.Id));
            Assert.Equal(2, Assert.IsType<TimetableChanged>(told[1].Event).RoundVersion);
            var state = (await functions.Journal.GetAsync(id))!.State;
            Assert.Equal((2, false), (state.RoundVersion, state.IsSuspended));
            _durable.Verify(d => d.RaiseEventAsync(PlanningOrchestrator.InstanceIdFor(id), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        }
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ResumeRound_RoundNeverSuspended_ConflictAndNothingRaised()
    {
        await using var functions = await StartAsync();
        await functions.ProjectAsync(Instance, new Suspended(DayAfterOpening, By, "boundary review"));

        Assert.Equal(StatusCodes.Status409Conflict, RegisteredFunctions.StatusOf(await ResumeRoundAsync(functions)));
        _durable.VerifyNoOtherCalls();
    }
}
