using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Workflow.LocalHost.Tests.Sample;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class DurabilityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Greeting_HostStoppedWhileItWaits_CompletesOnceOnANewHost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var taskHub = SampleHost.NewTaskHub();
        var log = new GreetingLog();

        var first = await SampleHost.StartAsync(azurite.ConnectionString, taskHub, log, timeout.Token);
        await first.Http.PostAsync("/sample/greetings/ada/3", null, timeout.Token);
        var waiting = await first.Client.WaitForInstanceStartAsync("ada", timeout.Token);
        var stopping = Stopwatch.StartNew();
        await first.DisposeAsync();
        var stopTook = stopping.Elapsed;

        await using var second = await SampleHost.StartAsync(azurite.ConnectionString, taskHub, log, timeout.Token);
        await second.Http.PostAsync("/sample/greetings/ada/approvals/grace", null, timeout.Token);
        var done = await second.Client.WaitForInstanceCompletionAsync("ada", getInputsAndOutputs: true, timeout.Token);

        Assert.True(waiting.RuntimeStatus == OrchestrationRuntimeStatus.Running, $"{waiting.RuntimeStatus}: {waiting.FailureDetails}");
        Assert.True(stopTook < TimeSpan.FromSeconds(10), $"the first host took {stopTook} to stop");
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails} {done.SerializedOutput}");
        Assert.Equal("Hello ada, from grace", done.ReadOutputAs<string>());
        Assert.Equal([new GreetingDraft("ada", "grace")], log.Written);
    }
}
