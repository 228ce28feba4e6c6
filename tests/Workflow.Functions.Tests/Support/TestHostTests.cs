using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>The test host is what the tests take it for: the service's own clock started where the test asked, the round running, the app's files beside the tests.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TestHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartAsync_RoundStartedOnLoad_EveryInstanceProjectedOnAVirtualClockFromTheStart()
    {
        var before = DateTimeOffset.UtcNow;
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.Opening));
        var elapsed = DateTimeOffset.UtcNow - before;

        Assert.IsType<VirtualClock>(host.Get<TimeProvider>());
        var clock = await host.GetJsonAsync("/api/clock");
        Assert.True(clock.GetProperty("virtual").GetBoolean());
        Assert.InRange(clock.GetProperty("now").GetDateTimeOffset(), TestData.Opening, TestData.Opening + elapsed + TimeSpan.FromSeconds(5));
        Assert.Equal(host.Systems, (await host.StatusRowsAsync()).Select(r => r.Instance.System.Value).Order(StringComparer.Ordinal));
        await host.WaitForMailAsync("the timetables", mail => mail.Count(m => m.Kind == "timetable") == host.Systems.Count);
    }

    [Theory]
    [InlineData("rounds", "2019-20.json")]
    [InlineData("data", "systems-2019.csv")]
    [InlineData("data", "bank-holidays-england-and-wales.csv")]
    [InlineData("host.json")]
    public void Output_AppFilesCopiedBesideTheTests(params string[] path) =>
        Assert.True(File.Exists(Path.Combine([AppContext.BaseDirectory, .. path])), string.Join('/', path));
}
