using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Api;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Orchestration;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>The purge operation as a function, called as the Functions host calls it, with a mocked Durable Task client.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PurgeFunctionTests(AzuriteFixture azurite)
{
    private static readonly ReferenceData Reference = TestData.FewSystemsReference;
    private static readonly Round Round = TestData.ShippedRound;
    private static readonly InstanceId Instance = new(Round.Id, new SystemCode(TestData.System));
    private static readonly string OrchestrationId = PlanningOrchestrator.InstanceIdFor(Instance);

    private readonly Mock<DurableTaskClient> _durable = new("test");

    private async Task<InstancesFunctions> StartAsync(bool withdrawn)
    {
        var account = await azurite.CreateAccountAsync();
        var rounds = new RoundStore(account);
        await rounds.AddAsync(Round, TestData.RoundFile);
        var journal = new JournalStore(account);
        var started = new InstanceStarted(Round.OpensAt, new RegionCode(TestData.NorthEastAndYorkshire));
        var state = StateMachine.Start(Instance, started);
        List<JournalEntry> entries = [new(started, state.Version)];
        if (withdrawn)
        {
            var gone = new Withdrawn(Round.OpensAt.AddDays(1), "national@example.org", "merged with its neighbour");
            state = StateMachine.Apply(state, gone);
            entries.Add(new JournalEntry(gone, state.Version));
        }
        await journal.ProjectAsync(state, entries);
        var planning = new PlanningClient(journal, new LinkClaimStore(account), new RoundVersions(rounds, Reference), Reference, TimeProvider.System, Options.Create(new WorkflowOptions()));
        var catalog = new RoundCatalog(rounds, Reference);
        return new InstancesFunctions(rounds, catalog, new StatusStore(account), journal, new DeliveryStore(account),
            new InstanceActions(catalog, planning), new StatusPages(new EphemeralDataProtectionProvider()), Reference, TestSignIn.Access(Reference), TimeProvider.System, NullLogger<InstancesFunctions>.Instance);
    }

    private static HttpRequest Post(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request.SignedIn();
    }

    private Task<IResult> PurgeAsync(InstancesFunctions functions) =>
        functions.ControlAsync(Post("""{"reason":"withdrawn in July","by":"national@example.org"}"""), Instance.Round.Value, Instance.System.Value, "purge", _durable.Object, CancellationToken.None);

    [Fact]
    public async Task Purge_InstanceStillRunning_ConflictAndTheTaskHubIsNotTouched()
    {
        var functions = await StartAsync(withdrawn: false);

        var result = await PurgeAsync(functions);

        Assert.Equal(StatusCodes.Status409Conflict, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Purge_WithdrawnInstanceWhoseOrchestrationRuns_EndsItThenPurgesItsHistory()
    {
        var functions = await StartAsync(withdrawn: true);
        var calls = new List<string>();
        _durable.Setup(d => d.GetInstanceAsync(OrchestrationId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(PlanningOrchestrator.Name, OrchestrationId) { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        _durable.Setup(d => d.TerminateInstanceAsync(OrchestrationId, It.IsAny<TerminateInstanceOptions>(), It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("terminate")).Returns(Task.CompletedTask);
        _durable.Setup(d => d.WaitForInstanceCompletionAsync(OrchestrationId, false, It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("wait"))
            .ReturnsAsync(new OrchestrationMetadata(PlanningOrchestrator.Name, OrchestrationId) { RuntimeStatus = OrchestrationRuntimeStatus.Terminated });
        _durable.Setup(d => d.PurgeInstanceAsync(OrchestrationId, It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("purge")).ReturnsAsync(new PurgeResult(1));

        var result = await PurgeAsync(functions);

        Assert.Equal(StatusCodes.Status200OK, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
        Assert.Equal(["terminate", "wait", "purge"], calls);
        Assert.True(Assert.IsType<Ok<InstanceView>>(result).Value!.Withdrawn);
    }
}
