using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflow.Orchestration;

namespace Workflow.Functions.Orchestration;

/// <summary>The orchestrator as a function: Durable Functions finds it by its trigger; the loop itself is the shared code.</summary>
public static class PlanningFunctions
{
    [Function(PlanningOrchestrator.Name)]
    public static Task RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) => PlanningOrchestrator.RunAsync(context);
}
