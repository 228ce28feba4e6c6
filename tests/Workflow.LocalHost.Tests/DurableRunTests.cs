using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workflow.LocalHost.Tests.Sample;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class DurableRunTests(AzuriteFixture azurite)
{
    /// <summary>
    /// A new task hub's queues are polled with a back-off that can reach tens of seconds while the machine is busy
    /// with the rest of the suite; a run that works finishes long before this.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Greeting_ScheduledOverHttp_CompletesAfterItsTimerWithTheActivityOutput()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var log = new GreetingLog();
        await using var host = await SampleHost.StartAsync(azurite.ConnectionString, SampleHost.NewTaskHub(), log, timeout.Token);
        var clock = Stopwatch.StartNew();

        var started = await host.Http.PostAsync("/sample/greetings/ada/2", null, timeout.Token);
        var approved = await host.Http.PostAsync("/sample/greetings/ada/approvals/grace", null, timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync("ada", getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("ada", (await started.Content.ReadFromJsonAsync<GreetingStatus>(timeout.Token))!.InstanceId);
        Assert.Equal(HttpStatusCode.NoContent, approved.StatusCode);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails} {done.SerializedOutput}");
        Assert.Equal("Hello ada, from grace", done.ReadOutputAs<string>());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"done after {clock.Elapsed}, before its 2 s timer");
        Assert.Equal([new GreetingDraft("ada", "grace")], log.Written);
        var status = await host.Http.GetFromJsonAsync<GreetingStatus>("/sample/greetings/ada", timeout.Token);
        Assert.Equal(new GreetingStatus("ada", "Completed", "Hello ada, from grace"), status);
    }

    [Fact]
    public async Task HttpFunctions_RoutesAndMethods_AnswerAsTheirAttributesSay()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await using var host = await SampleHost.StartAsync(azurite.ConnectionString, SampleHost.NewTaskHub(), new GreetingLog(), timeout.Token);

        var ping = await host.Http.DeleteAsync("/sample/Ping", timeout.Token);
        var unknown = await host.Http.GetAsync("/sample/greetings/nobody", timeout.Token);
        var wrongMethod = await host.Http.GetAsync("/sample/greetings/ada/approvals/grace", timeout.Token);
        var notInteger = await host.Http.PostAsync("/sample/greetings/ada/soon", null, timeout.Token);
        var unprefixed = await host.Http.GetAsync("/greetings/nobody", timeout.Token);

        Assert.Equal("pong", await ping.Content.ReadAsStringAsync(timeout.Token));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notInteger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
    }

    [Fact]
    public async Task Orchestrator_InputAsParameter_ReceivesTheScheduledInput()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await using var host = await SampleHost.StartAsync(azurite.ConnectionString, SampleHost.NewTaskHub(), new GreetingLog(), timeout.Token);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(EchoOrchestrator.Name, new GreetingRequest("ada", 7), timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails} {done.SerializedOutput}");
        var environment = host.Services.GetRequiredService<IHostEnvironment>().EnvironmentName;
        Assert.Equal($"ada after 7 s, as {id} in {environment}", done.ReadOutputAs<string>());
    }
}
