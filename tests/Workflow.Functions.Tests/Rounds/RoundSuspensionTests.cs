using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflow.Core.Rounds;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Rounds;

/// <summary>The whole round suspended with one call, as planning was in March 2020, and resumed with its dates moved on or given anew.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RoundSuspensionTests(AzuriteFixture azurite)
{
    private static readonly object Suspension = new { by = "national@example.org", reason = "Pandemic response: planning paused" };

    [Fact]
    public async Task SuspendRound_NothingIsSentToAnySystemAndTheRoundSaysWhoSuspendedItAndSinceWhen()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 16, 11)));
        await host.SettledAsync();
        var suspendedAt = TestData.London(9, 16, 11);

        using var response = await host.PostAsync($"/api/rounds/{TestData.Round}/suspend", Suspension);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var system in host.Systems)
        {
            Assert.True((await host.Journal.GetAsync(TestHost.Id(system)))!.State.IsSuspended, $"{system} is not suspended");
        }
        // Past the draft's due date and the first two steps of its ladder.
        await host.AdvanceClockAsync(TestData.London(10, 3, 12));
        await host.SettledAsync();
        var suspension = (await host.GetJsonAsync($"/api/rounds/{TestData.Round}")).GetProperty("suspension");
        Assert.DoesNotContain(host.Mail, m => m.At >= suspension.GetProperty("since").GetDateTimeOffset());
        Assert.True(suspension.GetProperty("suspended").GetBoolean());
        Assert.Equal("national@example.org", suspension.GetProperty("by").GetString());
        Assert.Equal("Pandemic response: planning paused", suspension.GetProperty("reason").GetString());
        Assert.InRange(suspension.GetProperty("since").GetDateTimeOffset(), suspendedAt, suspendedAt.AddMinutes(5));
    }

    [Fact]
    public async Task ResumeRound_EveryDraftIsDueLaterByTheWorkingDaysSuspendedAndNothingGoesOutAtOnce()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 16, 11)));
        await host.SettledAsync();
        using (var suspend = await host.PostAsync($"/api/rounds/{TestData.Round}/suspend", Suspension))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }
        await host.AdvanceClockAsync(TestData.London(10, 4, 12));
        var resumedAt = TestData.London(10, 4, 12);

        using var response = await host.PostAsync($"/api/rounds/{TestData.Round}/resume", new { by = "national@example.org" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.SettledAsync();
        // The send times of the 14 working days from Tuesday 17 September to Friday 4 October were held back: the draft,
        // due on Friday 27 September, is now due on Thursday 17 October.
        foreach (var system in host.Systems)
        {
            Assert.Equal(TestData.London(10, 17, 17), await NextDueAsync(host, system, "draft"));
        }
        // Each PMO hears at once that planning has resumed, and nothing else goes before its time.
        await host.WaitForMailAsync("the resumption notices", mail => mail.Count(m => m.Kind == "resumed") == host.Systems.Count);
        Assert.All(host.Mail.Where(m => m.At >= resumedAt), m => Assert.Equal("resumed", m.Kind));
        var suspension = (await host.GetJsonAsync($"/api/rounds/{TestData.Round}")).GetProperty("suspension");
        Assert.False(suspension.GetProperty("suspended").GetBoolean());
        Assert.Equal("national@example.org", suspension.GetProperty("resumedBy").GetString());

        // The draft's reminder five working days before its new date is the first prompt after it; the one ten working
        // days before fell before the resumption, and is not sent.
        await host.AdvanceClockAsync(TestData.London(10, 10, 9));
        await host.WaitForMailAsync("the reminders of the new date", mail => mail.Count(m => m.Kind == "reminder" && m.At >= resumedAt) == host.Systems.Count);
        await host.SettledAsync();
        Assert.All(host.Mail.Where(m => m.At >= resumedAt && m.Kind != "resumed"), m =>
        {
            Assert.EndsWith("draft/remind-5@20191017T1600", m.Id, StringComparison.Ordinal);
            Assert.Equal(TestData.London(10, 10, 9), m.At);
        });
    }

    [Fact]
    public async Task PreviewResumption_SaysWhereEachDraftWouldMoveAndChangesNothing()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 16, 11)));
        await host.SettledAsync();
        var preview = $"/api/rounds/{TestData.Round}/resume/preview";
        using (var early = await host.PostAsync(preview, new { by = "national@example.org" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }
        using (var suspend = await host.PostAsync($"/api/rounds/{TestData.Round}/suspend", Suspension))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }
        await host.AdvanceClockAsync(TestData.London(10, 4, 12));

        using var response = await host.PostAsync(preview, new { by = "national@example.org" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(host.Systems.Count, items.Count);
        Assert.All(items, item =>
        {
            var draft = item.GetProperty("moves").EnumerateArray().Single(m => m.GetProperty("milestone").GetString() == "draft");
            Assert.Equal(TestData.London(10, 17, 17), draft.GetProperty("to").GetDateTimeOffset());
            Assert.Contains(item.GetProperty("sends").EnumerateArray(), s => s.GetProperty("id").GetString()!.EndsWith("draft/remind-5@20191017T1600", StringComparison.Ordinal));
        });
        await host.SettledAsync();
        foreach (var system in host.Systems)
        {
            Assert.True((await host.Journal.GetAsync(TestHost.Id(system)))!.State.IsSuspended);
        }
    }

    [Fact]
    public async Task ResumeRound_OnANewTimetable_TheDatesAreKeptAsGiven()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 16, 11)));
        await host.SettledAsync();
        using (var suspend = await host.PostAsync($"/api/rounds/{TestData.Round}/suspend", Suspension))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }
        await host.AdvanceClockAsync(TestData.London(9, 30, 12));
        var timetable = JsonNode.Parse(TestData.ChangedRound(2, ("draft", "2019-10-04T17:00")))!;

        using var response = await host.PostAsync($"/api/rounds/{TestData.Round}/resume", new { by = "national@example.org", timetable });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.SettledAsync();
        Assert.Equal(2, (await host.GetJsonAsync($"/api/rounds/{TestData.Round}")).GetProperty("version").GetInt32());
        foreach (var system in host.Systems)
        {
            Assert.Equal(TestData.London(10, 4, 17), await NextDueAsync(host, system, "draft"));
            Assert.False((await host.Journal.GetAsync(TestHost.Id(system)))!.State.IsSuspended);
        }
    }

    [Fact]
    public async Task SuspendAndResumeRound_BadRequestsAndRequestsOutOfTurn_AreRefusedAndChangeNothing()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 16, 11)));
        await host.SettledAsync();
        var suspend = $"/api/rounds/{TestData.Round}/suspend";
        var resume = $"/api/rounds/{TestData.Round}/resume";

        await AssertAnswersAsync(host, suspend, new { by = "national@example.org" }, HttpStatusCode.BadRequest, "reason");
        await AssertAnswersAsync(host, suspend, new { reason = "r", by = "n", extra = 1 }, HttpStatusCode.BadRequest, null);
        await AssertAnswersAsync(host, "/api/rounds/2099-00/suspend", Suspension, HttpStatusCode.NotFound, null);
        await AssertAnswersAsync(host, resume, new { by = "national@example.org" }, HttpStatusCode.Conflict, "not suspended");
        Assert.False((await host.GetJsonAsync($"/api/rounds/{TestData.Round}")).TryGetProperty("suspension", out var none) && none.ValueKind != JsonValueKind.Null);

        await AssertAnswersAsync(host, suspend, Suspension, HttpStatusCode.OK, null);
        // The same request again is a retry and answered as the first; another suspension waits for the round to resume.
        await AssertAnswersAsync(host, suspend, Suspension, HttpStatusCode.OK, null);
        await AssertAnswersAsync(host, suspend, new { by = "someone@example.org", reason = "another" }, HttpStatusCode.Conflict, "suspended since");
        await AssertAnswersAsync(host, resume, new { by = "national@example.org", timetable = 5 }, HttpStatusCode.BadRequest, "timetable");
        await AssertAnswersAsync(host, resume, new { by = "national@example.org", timetable = new { version = 2 } }, HttpStatusCode.BadRequest, null);

        await host.SettledAsync();
        Assert.Equal(1, (await host.GetJsonAsync($"/api/rounds/{TestData.Round}")).GetProperty("version").GetInt32());
        foreach (var system in host.Systems)
        {
            var state = (await host.Journal.GetAsync(TestHost.Id(system)))!.State;
            Assert.True(state.IsSuspended, $"{system} is not suspended");
            Assert.Single(state.Pauses);
        }
    }

    [Fact]
    public async Task ResumeRound_ASystemSuspendedOnItsOwnBefore_StaysSuspended()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 16, 11)));
        await host.SettledAsync();
        using (var own = await host.PostAsync($"/api/instances/{TestData.Round}/{TestData.OtherSystem}/suspend", new { by = "rd@example.org", reason = "Merger under review" }))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }
        using (var suspend = await host.PostAsync($"/api/rounds/{TestData.Round}/suspend", Suspension))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        using var response = await host.PostAsync($"/api/rounds/{TestData.Round}/resume", new { by = "national@example.org" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.SettledAsync();
        Assert.True((await host.Journal.GetAsync(TestHost.Id(TestData.OtherSystem)))!.State.IsSuspended);
        Assert.False((await host.Journal.GetAsync(TestHost.Id(TestData.System)))!.State.IsSuspended);
    }

    private static async Task AssertAnswersAsync(TestHost host, string path, object body, HttpStatusCode expected, string? saying)
    {
        using var response = await host.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path} answered {(int)response.StatusCode}, not {(int)expected}: {text}");
        if (saying is not null)
        {
            Assert.Contains(saying, text, StringComparison.Ordinal);
        }
    }

    private static async Task<DateTimeOffset> NextDueAsync(TestHost host, string system, string milestone)
    {
        var status = await host.GetJsonAsync($"/api/rounds/{TestData.Round}/status");
        var row = status.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("system").GetString() == system);
        Assert.Equal(milestone, row.GetProperty("nextMilestone").GetString());
        return row.GetProperty("nextDue").GetDateTimeOffset();
    }
}
