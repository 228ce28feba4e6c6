using Microsoft.DurableTask;

namespace Workflow.LocalHost.Functions;

internal static class FunctionRegistration
{
    /// <summary>
    /// Registers every orchestrator and activity function under its function name, the name the app schedules
    /// and calls them by. Orchestrator classes are made from the root services (the registry's factory has no
    /// scope); activity classes from the scope the worker opens for each activity.
    /// </summary>
    public static void AddFunctions(this DurableTaskRegistry registry, FunctionTable table, IServiceProvider services, DataConverter converter)
    {
        foreach (var function in table.WithTrigger(FunctionTrigger.Orchestration))
        {
            var method = table.MethodOf(function);
            registry.AddOrchestrator(function.Name, () => new FunctionOrchestrator(method, services, converter));
        }
        foreach (var function in table.WithTrigger(FunctionTrigger.Activity))
        {
            var method = table.MethodOf(function);
            registry.AddActivity(function.Name, scoped => new FunctionActivity(method, scoped));
        }
    }
}
