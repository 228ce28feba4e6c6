using System.Net;
using System.Text.Json;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Rounds;

/// <summary>Starting a round: on load or on request, once per system however often it is asked.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StartRoundTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartOnLoad_HostRestarted_NothingStartedOrSentTwice()
    {
        var state = new HostState(azurite, TestData.Opening);
        await using (var first = await TestHost.StartAsync(state))
        {
            Assert.Equal(3, first.Mail.Count(m => m.Kind == "timetable"));
        }

        await using var second = await TestHost.StartAsync(state);
        // Half an hour on, every instance told: each decides again, with nothing left to send.
        await second.AdvanceClockAsync(TestData.Opening.AddMinutes(30));
        await second.SettledAsync();

        Assert.Equal(3, second.Mail.Count(m => m.Kind == "timetable"));
        Assert.Equal(3, state.Sent.Sends.Count);
        Assert.All(state.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
        using var start = await second.Client.PostAsync($"/api/rounds/{TestData.Round}/start", null);
        using var json = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("started").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("alreadyRunning").GetInt32());
    }

    [Fact]
    public async Task StartUnknownRound_NotFound()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite) { LoadRound = false });

        using var response = await host.Client.PostAsync("/api/rounds/2020-21/start", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task StartOnRequest_StartsEverySystemOnce()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite) { StartRoundOnLoad = false });
        await TestHost.WaitForAsync("the round to be stored", async () =>
        {
            using var round = await host.Client.GetAsync($"/api/rounds/{TestData.Round}");
            return round.IsSuccessStatusCode;
        });
        Assert.Empty((await host.GetJsonAsync($"/api/rounds/{TestData.Round}/status")).GetProperty("items").EnumerateArray());

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.Client.PostAsync($"/api/rounds/{TestData.Round}/start", null)));

        var counts = new List<(int Started, int Running)>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            counts.Add((json.RootElement.GetProperty("started").GetInt32(), json.RootElement.GetProperty("alreadyRunning").GetInt32()));
            response.Dispose();
        }
        Assert.Equal(3, counts.Sum(c => c.Started));
        Assert.All(counts, c => Assert.Equal(3, c.Started + c.Running));
        await TestHost.WaitForAsync("every instance to project its start", async () => (await host.StatusRowsAsync()).Count == 3);
        await host.AdvanceClockAsync(TestData.Opening);
        await host.WaitForMailAsync("the timetables", mail => mail.Count == 3);
        await host.SettledAsync();
        Assert.Equal(3, host.Mail.Count);
        Assert.All(host.State.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
    }
}
