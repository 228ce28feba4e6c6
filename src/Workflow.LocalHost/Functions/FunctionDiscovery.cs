using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Workflow.LocalHost.Functions;

/// <summary>
/// Reads functions from their attributes, checking each against what this host can call, so a function it
/// cannot run stops start-up with its name instead of failing on first use.
/// </summary>
internal static class FunctionDiscovery
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    private static readonly Type[] RouteValueTypes = [typeof(string), typeof(int), typeof(long), typeof(Guid), typeof(bool)];

    /// <summary>The functions of the assemblies' public types, as the Functions SDK finds them.</summary>
    public static IEnumerable<(LocalFunction Function, FunctionMethod Method)> Discover(IEnumerable<Assembly> assemblies) =>
        Discover(assemblies.SelectMany(a => a.GetExportedTypes()));

    public static IEnumerable<(LocalFunction Function, FunctionMethod Method)> Discover(IEnumerable<Type> types) =>
        from type in types
        from method in type.GetMethods(Declared)
        let attribute = method.GetCustomAttribute<FunctionAttribute>()
        where attribute is not null
        select Describe(attribute.Name, method);

    private static (LocalFunction, FunctionMethod) Describe(string name, MethodInfo method)
    {
        var triggers = method.GetParameters()
            .Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<TriggerBindingAttribute>()))
            .Where(t => t.Attribute is not null)
            .ToList();
        if (triggers.Count != 1)
        {
            throw Unsupported(name, method, $"has {triggers.Count} trigger parameters; it needs one");
        }
        var (trigger, attribute) = triggers[0];
        return attribute switch
        {
            HttpTriggerAttribute http => DescribeHttp(name, method, trigger, http),
            OrchestrationTriggerAttribute => DescribeOrchestrator(name, method, trigger),
            ActivityTriggerAttribute => DescribeActivity(name, method, trigger),
            _ => throw Unsupported(name, method, $"uses {attribute!.GetType().Name}, which this host does not run"),
        };
    }

    private static (LocalFunction, FunctionMethod) DescribeOrchestrator(string name, MethodInfo method, ParameterInfo trigger)
    {
        if (trigger.ParameterType != typeof(TaskOrchestrationContext) || method.GetParameters().Length > 2)
        {
            throw Unsupported(name, method, $"must take a {nameof(TaskOrchestrationContext)} and at most its input");
        }
        var arguments = method.GetParameters()
            .Select(p => Argument(p, p == trigger ? ArgumentSource.Trigger : ArgumentSource.OrchestrationInput))
            .ToArray();
        RefuseValueTask(name, method);
        return (new LocalFunction(name, FunctionTrigger.Orchestration, method, [], null), new FunctionMethod(method, arguments));
    }

    private static (LocalFunction, FunctionMethod) DescribeActivity(string name, MethodInfo method, ParameterInfo trigger)
    {
        var arguments = method.GetParameters()
            .Select(p => Argument(p,
                p == trigger ? ArgumentSource.Trigger
                : p.ParameterType == typeof(CancellationToken) ? ArgumentSource.CancellationToken
                : throw Unsupported(name, method, $"has parameter '{p.Name}'; an activity takes its input and a CancellationToken only")))
            .ToArray();
        RefuseValueTask(name, method);
        return (new LocalFunction(name, FunctionTrigger.Activity, method, [], null), new FunctionMethod(method, arguments));
    }

    private static (LocalFunction, FunctionMethod) DescribeHttp(string name, MethodInfo method, ParameterInfo trigger, HttpTriggerAttribute http)
    {
        if (trigger.ParameterType != typeof(HttpRequest))
        {
            throw Unsupported(name, method, $"must take its HTTP trigger as {nameof(HttpRequest)}");
        }
        var route = (http.Route ?? name).Trim('/');
        var routeValues = RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var arguments = method.GetParameters()
            .Select(p => Argument(p,
                p == trigger ? ArgumentSource.Trigger
                : p.ParameterType == typeof(DurableTaskClient) ? ArgumentSource.DurableClient
                : p.ParameterType == typeof(CancellationToken) ? ArgumentSource.CancellationToken
                : p.ParameterType == typeof(HttpContext) ? ArgumentSource.HttpContext
                : routeValues.Contains(p.Name!) && RouteValueTypes.Contains(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType)
                    ? ArgumentSource.RouteValue
                : throw Unsupported(name, method,
                    $"has parameter '{p.Name}', neither a route value of '{route}' (string, int, long, Guid or bool) nor a type this host supplies")))
            .ToArray();
        var returns = method.ReturnType;
        var result = FunctionMethod.IsAwaitable(returns) && returns.IsGenericType ? returns.GetGenericArguments()[0] : returns;
        if (!typeof(IActionResult).IsAssignableFrom(result) && !typeof(IResult).IsAssignableFrom(result))
        {
            throw Unsupported(name, method, "must return IActionResult or IResult, or a Task of one");
        }
        var methods = (http.Methods ?? []).Select(m => m.ToUpperInvariant()).ToArray();
        return (new LocalFunction(name, FunctionTrigger.Http, method, methods, route), new FunctionMethod(method, arguments));
    }

    private static FunctionArgument Argument(ParameterInfo parameter, ArgumentSource source) =>
        new(source, parameter.Name!, parameter.ParameterType);

    // The awaiting in FunctionMethod knows Task and Task<T>; a ValueTask would be taken for a plain value.
    private static void RefuseValueTask(string name, MethodInfo method)
    {
        var returns = method.ReturnType;
        if (returns == typeof(ValueTask) || (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            throw Unsupported(name, method, "must return a value, Task or Task<T>");
        }
    }

    private static InvalidOperationException Unsupported(string name, MethodInfo method, string problem) =>
        new($"Function '{name}' ({method.DeclaringType?.FullName}.{method.Name}) {problem}.");
}
