using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Workflow.LocalHost.Functions;

/// <summary>
/// An <c>[ActivityTrigger]</c> function as a Durable Task activity: its input is the trigger parameter's type, and
/// its cancellation token, as under the Functions host, is cancelled when the host shuts down.
/// </summary>
internal sealed class FunctionActivity(FunctionMethod method, IServiceProvider services) : ITaskActivity
{
    public Type InputType { get; } = method.Arguments.Single(a => a.Source == ArgumentSource.Trigger).Type;

    public Type OutputType => method.ResultType;

    public Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var arguments = method.Arguments
            .Select(a => a.Source == ArgumentSource.CancellationToken ? stopping : input)
            .ToArray();
        return method.InvokeAsync(services, arguments);
    }
}
