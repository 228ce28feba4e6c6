using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Workflow.Functions.Local;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>The test host is what the tests take it for: no trigger loop of its own, the test's clock, the app's data files.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TestHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_LocalTriggersOff_NoLoopRunsBesideTheTest()
    {
        await using var host = TestHost.Start(new HostState(azurite) { StartRoundOnLoad = false });

        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is LocalTriggers);
        Assert.IsType<FakeTimeProvider>(host.Get<TimeProvider>());
        var clock = await host.GetJsonAsync("/api/clock");
        Assert.Equal(TestData.BeforeOpening, clock.GetProperty("now").GetDateTimeOffset());
        Assert.False(clock.GetProperty("virtual").GetBoolean());
    }

    [Theory]
    [InlineData("rounds", "2019-20.json")]
    [InlineData("data", "systems-2019.csv")]
    [InlineData("data", "bank-holidays-england-and-wales.csv")]
    [InlineData("Tick", "function.json")]
    [InlineData("Dispatch", "function.json")]
    [InlineData("host.json")]
    public void Output_AppFilesCopiedBesideTheTests(params string[] path) =>
        Assert.True(File.Exists(Path.Combine([AppContext.BaseDirectory, .. path])), string.Join('/', path));
}
