using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Workflow.LocalHost.Tests.Sample;

public sealed record GreetingRequest(string Name, int DelaySeconds);

public sealed record GreetingDraft(string Name, string Approver);

/// <summary>Waits a durable timer, then for an approver's event, then has the greeting written by an activity.</summary>
public static class GreetingOrchestrator
{
    public const string Name = "Greeting";
    public const string ApprovedEvent = "Approved";

    [Function(Name)]
    public static async Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<GreetingRequest>()!;
        await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(request.DelaySeconds), CancellationToken.None);
        var approver = await context.WaitForExternalEvent<string>(ApprovedEvent);
        return await context.CallActivityAsync<string>(WriteGreetingActivity.Name, new GreetingDraft(request.Name, approver));
    }
}
