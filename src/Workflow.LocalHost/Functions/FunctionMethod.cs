using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Workflow.LocalHost.Functions;

/// <summary>
/// A function's method ready to call: its class made from the services as the Functions worker makes it (one
/// instance per invocation, constructor services from DI), its arguments in parameter order, its result awaited.
/// </summary>
internal sealed class FunctionMethod
{
    private readonly ObjectFactory? _createTarget;
    private readonly PropertyInfo? _taskResult;

    public FunctionMethod(MethodInfo method, IReadOnlyList<FunctionArgument> arguments)
    {
        Method = method;
        Arguments = arguments;
        _createTarget = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        var returns = method.ReturnType;
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            _taskResult = returns.GetProperty(nameof(Task<object>.Result));
            ResultType = returns.GetGenericArguments()[0];
        }
        else
        {
            ResultType = returns == typeof(void) || returns == typeof(Task) ? typeof(object) : returns;
        }
    }

    public MethodInfo Method { get; }

    public IReadOnlyList<FunctionArgument> Arguments { get; }

    /// <summary>What the method gives back once awaited; <see cref="object"/> when it gives nothing.</summary>
    public Type ResultType { get; }

    public static bool IsAwaitable(Type type) =>
        type == typeof(Task) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>));

    /// <summary>
    /// Calls the method. No <c>ConfigureAwait(false)</c> here: an orchestrator's awaits must come back to the
    /// orchestration's own scheduler.
    /// </summary>
    public async Task<object?> InvokeAsync(IServiceProvider services, object?[] arguments)
    {
        var target = _createTarget?.Invoke(services, null);
        var returned = Method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        if (returned is not Task task)
        {
            return returned;
        }
        await task;
        return _taskResult?.GetValue(task);
    }
}
