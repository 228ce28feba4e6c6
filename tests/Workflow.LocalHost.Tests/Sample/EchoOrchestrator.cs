using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace Workflow.LocalHost.Tests.Sample;

/// <summary>
/// Takes its input as a parameter, the Functions worker's other way to read it, and is an instance method on a class
/// made from the services.
/// </summary>
public sealed class EchoOrchestrator(IHostEnvironment environment)
{
    public const string Name = "Echo";

    [Function(Name)]
    public Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context, GreetingRequest request) =>
        Task.FromResult($"{request.Name} after {request.DelaySeconds} s, as {context.InstanceId} in {environment.EnvironmentName}");
}
