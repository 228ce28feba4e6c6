using System.Text.Json;
using Microsoft.DurableTask;

namespace Workflow.LocalHost.Functions;

/// <summary>
/// An <c>[OrchestrationTrigger]</c> function as a Durable Task orchestrator. Its input is read as the type of its
/// input parameter when it has one; otherwise kept as JSON until the function asks for it with
/// <c>GetInput&lt;T&gt;()</c>.
/// </summary>
internal sealed class FunctionOrchestrator(FunctionMethod method, IServiceProvider services, DataConverter converter) : ITaskOrchestrator
{
    public Type InputType { get; } =
        method.Arguments.SingleOrDefault(a => a.Source == ArgumentSource.OrchestrationInput)?.Type ?? typeof(JsonElement);

    public Type OutputType => method.ResultType;

    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var functionContext = new FunctionOrchestrationContext(context, input, converter);
        var arguments = method.Arguments
            .Select(a => a.Source == ArgumentSource.Trigger ? functionContext : input)
            .ToArray();
        return method.InvokeAsync(services, arguments);
    }
}
