using System.Net;
using System.Text;
using Workflow.Functions.Tests.Support;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Rounds;

/// <summary>A round-wide change of timetable: every running instance follows it at once and its PMO is told.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimetableChangeTests(AzuriteFixture azurite)
{
    private const int Systems = 42;

    [Fact]
    public async Task ChangeTimetable_FinalMovedAWeek_EveryInstanceFollowsAndIsTold()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(10, 1, 11)) { DataFolder = "data" });
        foreach (var system in (string[])[TestData.System, TestData.OtherSystem])
        {
            using var draft = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" }, system);
            Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        }
        await host.DrainAsync();
        Assert.Equal(TestData.London(11, 15, 17), await NextDueAsync(host, TestData.System));
        host.Clock.Advance(TimeSpan.FromHours(1));

        using var response = await host.Client.PutAsync(
            $"/api/rounds/{TestData.Round}/timetable",
            new StringContent(TestData.ChangedRound(2, ("final", "2019-11-22T17:00")), Encoding.UTF8, "application/json"));
        await host.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var round = await host.GetJsonAsync($"/api/rounds/{TestData.Round}");
        Assert.Equal(2, round.GetProperty("version").GetInt32());
        var store = host.Get<InstanceStore>();
        foreach (var system in (await host.GetJsonAsync($"/api/rounds/{TestData.Round}/status")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("system").GetString()!))
        {
            Assert.Equal(2, (await store.GetAsync(TestHost.Id(system)))!.State.RoundVersion);
        }
        var changed = host.Mail.Where(m => m.Kind == "timetable-changed").ToList();
        Assert.Equal(Systems, changed.Count);
        Assert.Equal(Systems, changed.Select(m => m.Instance).Distinct().Count());
        Assert.All(changed, m => Assert.EndsWith("/timetable:v2", m.Id, StringComparison.Ordinal));
        Assert.Equal(TestData.London(11, 22, 17), await NextDueAsync(host, TestData.System));
        Assert.Equal(TestData.London(11, 22, 17), await NextDueAsync(host, TestData.OtherSystem));
        var peer = await host.GetInstanceAsync(TestData.Peer, history: false);
        Assert.Equal("draft", peer.GetProperty("nextMilestone").GetString());
        Assert.Equal(2, peer.GetProperty("roundVersion").GetInt32());
    }

    [Fact]
    public async Task ChangeTimetable_SameChangeSentAgain_TellsNobodyTwice()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(10, 1, 11)));
        var change = TestData.ChangedRound(2, ("final", "2019-11-22T17:00"));

        using var first = await host.Client.PutAsync($"/api/rounds/{TestData.Round}/timetable", new StringContent(change, Encoding.UTF8, "application/json"));
        using var again = await host.Client.PutAsync($"/api/rounds/{TestData.Round}/timetable", new StringContent(change, Encoding.UTF8, "application/json"));
        await host.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var changed = host.Mail.Where(m => m.Kind == "timetable-changed").ToList();
        Assert.Equal(changed.Select(m => m.Instance).Distinct().Count(), changed.Count);
        Assert.NotEmpty(changed);
    }

    [Fact]
    public async Task ChangeTimetable_RemindersFollowTheNewDate()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(10, 1, 11)));
        using var draft = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        using var change = await host.Client.PutAsync(
            $"/api/rounds/{TestData.Round}/timetable",
            new StringContent(TestData.ChangedRound(2, ("final", "2019-11-22T17:00")), Encoding.UTF8, "application/json"));

        await host.RunUntilAsync(TestData.London(11, 23));

        var final = host.Mail.Where(m => m.Instance == TestData.InstanceId() && m.Milestone == "final").Select(m => m.Id[(m.Id.LastIndexOf('/') + 1)..]).ToList();
        Assert.Equal(
            ["remind-10@20191122T1700", "remind-5@20191122T1700", "remind-1@20191122T1700", "due-today@20191122T1700"],
            final);
        Assert.All(host.State.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
    }

    private static async Task<DateTimeOffset> NextDueAsync(TestHost host, string system)
    {
        var status = await host.GetJsonAsync($"/api/rounds/{TestData.Round}/status");
        var row = status.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("system").GetString() == system);
        Assert.Equal("final", row.GetProperty("nextMilestone").GetString());
        return row.GetProperty("nextDue").GetDateTimeOffset();
    }
}
