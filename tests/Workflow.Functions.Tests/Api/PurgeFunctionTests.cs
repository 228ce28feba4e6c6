using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Functions.Api;
using Workflow.Functions.Tests.Support;
using Workflow.Orchestration;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>The purge operation as a function, called as the Functions host calls it, with a mocked Durable Task client.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PurgeFunctionTests(AzuriteFixture azurite)
{
    private static readonly InstanceId Instance = new(TestData.ShippedRound.Id, new SystemCode(TestData.System));
    private static readonly string OrchestrationId = PlanningOrchestrator.InstanceIdFor(Instance);

    private readonly Mock<DurableTaskClient> _durable = new("test");

    /// <summary>The service's clock reads a day after the withdrawal, so whatever the purge records comes after it.</summary>
    private async Task<RegisteredFunctions> StartAsync(bool withdrawn)
    {
        var withdrawnAt = TestData.ShippedRound.OpensAt.AddDays(1);
        var functions = await RegisteredFunctions.StartAsync(azurite, withdrawnAt.AddDays(1));
        await functions.ProjectAsync(Instance, withdrawn ? [new Withdrawn(withdrawnAt, "national@example.org", "merged with its neighbour")] : []);
        return functions;
    }

    private Task<IResult> PurgeAsync(RegisteredFunctions functions) =>
        functions.Create<InstancesFunctions>().ControlAsync(RegisteredFunctions.Request("POST", """{"reason":"withdrawn in July","by":"national@example.org"}"""),
            Instance.Round.Value, Instance.System.Value, "purge", _durable.Object, CancellationToken.None);

    [Fact]
    public async Task Purge_InstanceStillRunning_ConflictAndTheTaskHubIsNotTouched()
    {
        await using var functions = await StartAsync(withdrawn: false);

        var result = await PurgeAsync(functions);

        Assert.Equal(StatusCodes.Status409Conflict, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Purge_WithdrawnInstanceWhoseOrchestrationRuns_EndsItThenPurgesItsHistory()
    {
        await using var functions = await StartAsync(withdrawn: true);
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
