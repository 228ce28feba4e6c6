using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Workflow.LocalHost.Tests.Sample;

public sealed record GreetingStatus(string InstanceId, string Status, string? Output);

/// <summary>HTTP functions over the greeting orchestration, one instance per name; the class takes its logger from DI.</summary>
public sealed partial class GreetingApi(ILogger<GreetingApi> logger)
{
    [Function("StartGreeting")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "greetings/{name}/{delaySeconds:int}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string name,
        int delaySeconds,
        CancellationToken cancellationToken)
    {
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(
            GreetingOrchestrator.Name, new GreetingRequest(name, delaySeconds), new StartOrchestrationOptions(name), cancellationToken);
        LogScheduled(logger, instanceId);
        return new AcceptedResult($"/{request.Path}", new GreetingStatus(instanceId, "Scheduled", null));
    }

    [Function("ApproveGreeting")]
    public async Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "greetings/{name}/approvals/{approver}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string name,
        string approver,
        CancellationToken cancellationToken)
    {
        await client.RaiseEventAsync(name, GreetingOrchestrator.ApprovedEvent, approver, cancellationToken);
        LogApproved(logger, name, approver);
        return new NoContentResult();
    }

    [Function("GreetingStatus")]
    public static async Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "greetings/{name}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string name,
        CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(name, getInputsAndOutputs: true, cancellationToken);
        return instance is null
            ? new NotFoundResult()
            : new OkObjectResult(new GreetingStatus(
                instance.InstanceId,
                instance.RuntimeStatus.ToString(),
                instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<string>() : null));
    }

    /// <summary>No route in the attribute, so the function's name is its route; any method; a minimal-API result.</summary>
    [Function("Ping")]
    public static IResult Ping([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request) => Results.Text("pong");

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Greeting {InstanceId} scheduled")]
    private static partial void LogScheduled(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Greeting {InstanceId} approved by {Approver}")]
    private static partial void LogApproved(ILogger logger, string instanceId, string approver);
}
