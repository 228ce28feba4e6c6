using System.Net;
using System.Text;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Rounds;

/// <summary>A round-wide change of timetable: every running instance follows it at once and its PMO is told.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimetableChangeTests(AzuriteFixture azurite)
{
    private const int Systems = 42;
    private static readonly string FinalAWeekLater = TestData.ChangedRound(2, ("final", "2019-11-22T17:00"));

    [Fact]
    public async Task ChangeTimetable_FinalMovedAWeek_EveryInstanceFollowsAndIsTold()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(10, 1, 11)) { DataFolder = "data" });
        foreach (var system in (string[])[TestData.System, TestData.OtherSystem])
        {
            await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" }, system);
        }
        await host.SettledAsync(TestData.System, TestData.OtherSystem);
        Assert.Equal(TestData.London(11, 15, 17), await NextDueAsync(host, TestData.System));

        using var response = await ChangeAsync(host, FinalAWeekLater);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.WaitForMailAsync("every PMO told", mail => mail.Count(m => m.Kind == "timetable-changed") == Systems);
        await host.SettledAsync();
        var round = await host.GetJsonAsync($"/api/rounds/{TestData.Round}");
        Assert.Equal(2, round.GetProperty("version").GetInt32());
        foreach (var system in host.Systems)
        {
            Assert.Equal(2, (await host.Journal.GetAsync(TestHost.Id(system)))!.State.RoundVersion);
        }
        var changed = host.Mail.Where(m => m.Kind == "timetable-changed").ToList();
        Assert.Equal(Systems, changed.Select(m => m.Instance).Distinct().Count());
        Assert.All(changed, m => Assert.EndsWith("/timetable:v2", m.Id, StringComparison.Ordinal));
        Assert.Equal(TestData.London(11, 22, 17), await NextDueAsync(host, TestData.System));
        Assert.Equal(TestData.London(11, 22, 17), await NextDueAsync(host, TestData.OtherSystem));
        var peer = await host.GetInstanceAsync(TestData.Peer, history: false);
        Assert.Equal("draft", peer.GetProperty("nextMilestone").GetString());
        Assert.Equal(2, peer.GetProperty("roundVersion").GetInt32());
    }

    [Fact]
    public async Task PreviewTimetable_SaysWhatMovesAndWhatEachSystemWouldSend_AndChangesNothing()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(10, 1, 11)));
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        await host.SettledAsync();
        var mailBefore = host.Mail.Count;

        using var response = await host.Client.PostAsync($"/api/rounds/{TestData.Round}/timetable/preview", new StringContent(FinalAWeekLater, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var preview = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, preview.RootElement.GetProperty("version").GetInt32());
        var items = preview.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(host.Systems, items.Select(i => i.GetProperty("system").GetString()));
        var mine = items.Single(i => i.GetProperty("system").GetString() == TestData.System);
        var moved = Assert.Single(mine.GetProperty("moves").EnumerateArray());
        Assert.Equal("final", moved.GetProperty("milestone").GetString());
        Assert.Equal(TestData.London(11, 15, 17), moved.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(TestData.London(11, 22, 17), moved.GetProperty("to").GetDateTimeOffset());
        var sends = mine.GetProperty("sends").EnumerateArray().ToList();
        Assert.Equal("timetable-changed", sends[0].GetProperty("kind").GetString());
        Assert.Contains(sends, s => s.GetProperty("id").GetString()!.EndsWith("final/remind-10@20191122T1700", StringComparison.Ordinal));

        // Nothing stored, nobody told.
        await host.SettledAsync();
        Assert.Equal(1, (await host.GetJsonAsync($"/api/rounds/{TestData.Round}")).GetProperty("version").GetInt32());
        Assert.Equal(mailBefore, host.Mail.Count);
        Assert.Equal(TestData.London(11, 15, 17), await NextDueAsync(host, TestData.System));
        using var bad = await host.Client.PostAsync($"/api/rounds/{TestData.Round}/timetable/preview", new StringContent(TestData.ChangedRound(1), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task ChangeTimetable_SameChangeSentAgain_TellsNobodyTwice()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(10, 1, 11)));

        using var first = await ChangeAsync(host, FinalAWeekLater);
        using var again = await ChangeAsync(host, FinalAWeekLater);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await host.WaitForMailAsync("every PMO told", mail => mail.Count(m => m.Kind == "timetable-changed") == host.Systems.Count);
        // Whatever the second request raised has been taken too, so a second send would have happened by now.
        await host.SettledAsync();
        var changed = host.Mail.Where(m => m.Kind == "timetable-changed").Select(m => m.Id).ToList();
        Assert.Equal(host.Systems.Count, changed.Distinct().Count());
        Assert.All(changed, id => Assert.Equal(1, host.State.Sent.Count(id)));
        Assert.Equal(host.State.Sent.Sends.Count, host.State.Sent.SentCounts.Count);
    }

    [Fact]
    public async Task ChangeTimetable_RemindersFollowTheNewDate()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(10, 1, 11)));
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        using var change = await ChangeAsync(host, FinalAWeekLater);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        await host.WaitForMailAsync("the PMO told", mail => mail.Any(m => m.Instance == TestData.InstanceId() && m.Kind == "timetable-changed"));

        // 10, 5 and 1 working days before Friday 22 November, then the day itself, each at 09:00.
        foreach (var (day, rule) in ((int, string)[])[(8, "remind-10"), (15, "remind-5"), (21, "remind-1"), (22, "due-today")])
        {
            await host.AdvanceClockAsync(TestData.London(11, day, 9));
            await host.WaitForMailAsync(rule, _ => FinalReminders(host).Any(r => r.StartsWith(rule + "@", StringComparison.Ordinal)));
        }
        await host.SettledAsync(TestData.System);

        Assert.Equal(
            ["remind-10@20191122T1700", "remind-5@20191122T1700", "remind-1@20191122T1700", "due-today@20191122T1700"],
            FinalReminders(host));
        Assert.All(host.State.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task ChangeTimetable_BeforeTheRoundStarts_EveryInstanceStartsOnTheNewVersion()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(10, 1, 11)) { StartRoundOnLoad = false });
        await TestHost.WaitForAsync("the round to be stored", async () =>
        {
            using var stored = await host.Client.GetAsync($"/api/rounds/{TestData.Round}");
            return stored.IsSuccessStatusCode;
        });
        using (var change = await ChangeAsync(host, FinalAWeekLater))
        {
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        }

        using var start = await host.Client.PostAsync($"/api/rounds/{TestData.Round}/start", null);

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        await TestHost.WaitForAsync("every instance to project its start", async () => (await host.StatusRowsAsync()).Count == host.Systems.Count);
        await host.SettledAsync();
        foreach (var system in host.Systems)
        {
            Assert.Equal(2, (await host.Journal.GetAsync(TestHost.Id(system)))!.State.RoundVersion);
        }
        await host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        await host.SettledAsync(TestData.System);
        Assert.Equal(TestData.London(11, 22, 17), await NextDueAsync(host, TestData.System));
        // Nobody was following the first timetable, so nobody is told it changed.
        Assert.DoesNotContain(host.Mail, m => m.Kind == "timetable-changed");
    }

    private static List<string> FinalReminders(TestHost host) =>
        [.. host.Mail.Where(m => m.Instance == TestData.InstanceId() && m.Milestone == "final").OrderBy(m => m.At).Select(m => m.Id[(m.Id.LastIndexOf('/') + 1)..])];

    private static Task<HttpResponseMessage> ChangeAsync(TestHost host, string round) =>
        host.Client.PutAsync($"/api/rounds/{TestData.Round}/timetable", new StringContent(round, Encoding.UTF8, "application/json"));

    private static async Task<DateTimeOffset> NextDueAsync(TestHost host, string system)
    {
        var status = await host.GetJsonAsync($"/api/rounds/{TestData.Round}/status");
        var row = status.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("system").GetString() == system);
        Assert.Equal("final", row.GetProperty("nextMilestone").GetString());
        return row.GetProperty("nextDue").GetDateTimeOffset();
    }
}
