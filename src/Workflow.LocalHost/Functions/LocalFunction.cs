using System.Reflection;

namespace Workflow.LocalHost.Functions;

/// <summary>
/// One <c>[Function]</c> method as this host runs it. For HTTP, <see cref="HttpMethods"/> are upper case (empty means
/// any method) and <see cref="Route"/> is the trigger's route without the prefix, the function's name when the
/// attribute gives none, as the Functions host does.
/// </summary>
public sealed record LocalFunction(
    string Name,
    FunctionTrigger Trigger,
    MethodInfo Method,
    IReadOnlyList<string> HttpMethods,
    string? Route)
{
    /// <summary>The method as <c>functions.metadata</c> names it in <c>entryPoint</c>.</summary>
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";
}
