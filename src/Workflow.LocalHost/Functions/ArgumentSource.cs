namespace Workflow.LocalHost.Functions;

/// <summary>Where the value of one parameter of a function comes from when it is invoked.</summary>
internal enum ArgumentSource
{
    /// <summary>The trigger: the orchestration context, the activity's input or the HTTP request.</summary>
    Trigger,

    /// <summary>An orchestrator's input taken as a parameter, the Functions worker's other way to read it.</summary>
    OrchestrationInput,
    CancellationToken,
    DurableClient,
    HttpContext,
    RouteValue,
}

internal sealed record FunctionArgument(ArgumentSource Source, string Name, Type Type);
