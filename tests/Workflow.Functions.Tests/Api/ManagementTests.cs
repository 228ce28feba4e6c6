using System.Net;
using System.Text.Json;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>The management API: read an instance with its history, suspend and resume, terminate, restart, raise an event.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManagementTests(AzuriteFixture azurite)
{
    private static readonly string Instance = $"/api/instances/{TestData.Round}/{TestData.System}";

    [Fact]
    public async Task Get_OneInstance_WithItsHistoryInOrder()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        await host.AdvanceAsync(TestData.Opening);

        var instance = await host.GetInstanceAsync();
        var brief = await host.GetInstanceAsync(history: false);

        Assert.Equal(TestData.InstanceId(), instance.GetProperty("id").GetString());
        Assert.Equal(TestData.NorthEastAndYorkshire, instance.GetProperty("region").GetString());
        Assert.Equal("drafting", instance.GetProperty("stage").GetString());
        var history = instance.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(instance.GetProperty("version").GetInt32(), history.Count);
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.GetProperty("sequence").GetInt32()));
        Assert.Equal(["InstanceStarted", "CommandIssued"], history.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal($"{TestData.InstanceId()}/timetable", history[1].GetProperty("event").GetProperty("command").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, brief.GetProperty("history").ValueKind);
    }

    [Fact]
    public async Task Get_History_EachMessageSaysWhetherItWentOutToWhomAndWhen()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        host.Clock.SetUtcNow(TestData.Opening);
        await host.TickAsync();

        var queued = (await host.GetInstanceAsync()).GetProperty("history")[1].GetProperty("delivery");
        await host.DrainAsync();
        var history = (await host.GetInstanceAsync()).GetProperty("history").EnumerateArray().ToList();

        Assert.Equal(("pending", 0, JsonValueKind.Null), (queued.GetProperty("status").GetString(), queued.GetProperty("attempts").GetInt32(), queued.GetProperty("sentAt").ValueKind));
        var sent = history[1].GetProperty("delivery");
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.Equal(1, sent.GetProperty("attempts").GetInt32());
        Assert.Equal(TestData.Opening, sent.GetProperty("sentAt").GetDateTimeOffset());
        var to = sent.GetProperty("to").EnumerateArray().Select(e => e.GetString()!).ToList();
        var mail = host.Mail.Single(m => m.Id == $"{TestData.InstanceId()}/timetable");
        Assert.NotEmpty(mail.To);
        Assert.All(mail.To, address => Assert.Contains(to, email => address.EndsWith($"<{email}>", StringComparison.Ordinal)));
        // Only messages have a delivery; the instance's start does not.
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("delivery").ValueKind);
    }

    [Fact]
    public async Task Get_UnknownInstance_NotFound()
    {
        await using var host = TestHost.Start(new HostState(azurite));

        using var response = await host.Client.GetAsync($"/api/instances/{TestData.Round}/E54999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Suspend_AcrossAReminderDate_NothingSentUntilResumed()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        await host.AdvanceAsync(TestData.Opening);
        using var suspend = await host.PostAsync($"{Instance}/suspend", new { reason = "Merger under review", by = "national@example.org" });
        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        var sentBefore = MailFor(host);

        // The footprint reminders fall due 10 and 5 working days before 31 July.
        await host.RunUntilAsync(TestData.London(7, 18, 10));

        Assert.Equal(sentBefore, MailFor(host));
        Assert.True((await host.GetInstanceAsync(history: false)).GetProperty("suspended").GetBoolean());
        var status = await host.GetJsonAsync($"/api/instances?round={TestData.Round}&region={TestData.NorthEastAndYorkshire}");
        Assert.True(status.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("system").GetString() == TestData.System).GetProperty("suspended").GetBoolean());
        Assert.Contains(host.Mail, m => m.Instance == TestData.InstanceId(TestData.Peer) && m.Kind == "reminder");

        using var resume = await host.PostAsync($"{Instance}/resume", new { by = "national@example.org" });
        await host.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        var reminder = Assert.Single(MailFor(host).Except(sentBefore));
        Assert.Equal($"{TestData.InstanceId()}/footprint/remind-10@20190731T1600", reminder);
        Assert.All(host.State.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task Terminate_Withdrawn_LaterEventsRefusedAndSubscribersTold()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        await host.AdvanceAsync(TestData.Opening);

        using var terminate = await host.PostAsync($"{Instance}/terminate", new { reason = "Merged with a neighbour", by = "national@example.org" });
        await host.DrainAsync();
        using var late = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        await host.RunUntilAsync(TestData.London(7, 18));

        Assert.Equal(HttpStatusCode.OK, terminate.StatusCode);
        var instance = await host.GetInstanceAsync(history: false);
        Assert.True(instance.GetProperty("withdrawn").GetBoolean());
        Assert.Equal("withdrawn", instance.GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        using var problem = JsonDocument.Parse(await late.Content.ReadAsStringAsync());
        Assert.Equal("the system has been withdrawn from this round", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal([$"{TestData.InstanceId()}/timetable"], MailFor(host));
        var withdrawn = Assert.Single(await host.IntegrationEventsAsync(), e => e.GetProperty("subject").GetString() == TestData.System);
        Assert.Equal("uk.nhs.england.planning-round.instance.withdrawn", withdrawn.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Restart_NewGeneration_TimetableSentAgainWithItsOwnId()
    {
        await using var host = TestHost.Start(new HostState(azurite));
        await host.AdvanceAsync(TestData.Opening);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        using var draft = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        host.Clock.Advance(TimeSpan.FromHours(2));

        using var restart = await host.PostAsync($"{Instance}/restart", new { reason = "Submitted by mistake", by = "national@example.org" });
        await host.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        var instance = await host.GetInstanceAsync();
        Assert.Equal("drafting", instance.GetProperty("stage").GetString());
        Assert.Contains(instance.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "Restarted");
        Assert.Equal(
            [$"{TestData.InstanceId()}/timetable", $"{TestData.InstanceId()}/received:draft", $"{TestData.InstanceId()}/g1/timetable"],
            MailFor(host));
        using var again = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Theory]
    [InlineData("SUSPEND")]
    [InlineData("Terminate")]
    [InlineData("RESUME")]
    [InlineData("Restart")]
    public async Task Control_OperationInOtherCapitals_NotFoundAndNothingRecorded(string operation)
    {
        await using var host = TestHost.Start(new HostState(azurite));
        await host.AdvanceAsync(TestData.Opening);
        var before = await host.GetInstanceAsync();

        using var response = await host.PostAsync($"{Instance}/{operation}", new { reason = "r", by = "b" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var after = await host.GetInstanceAsync();
        Assert.Equal(before.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
        Assert.DoesNotContain(after.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "Restarted");
    }

    [Fact]
    public async Task RaiseEvent_SameAsTheRoundsRoute()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(9, 20, 11)));
        var body = new { milestone = "draft", by = "pmo@example.org", reference = "https://example.org/plans/draft.pdf" };

        using var viaRounds = await host.RaiseAsync("submission", body, TestData.System);
        using var viaInstances = await host.PostAsync($"/api/instances/{TestData.Round}/{TestData.Peer}/raiseEvent/submission", body);
        await host.DrainAsync();

        Assert.Equal(HttpStatusCode.OK, viaRounds.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaInstances.StatusCode);
        var one = JsonDocument.Parse(await viaRounds.Content.ReadAsStringAsync()).RootElement;
        var other = JsonDocument.Parse(await viaInstances.Content.ReadAsStringAsync()).RootElement;
        foreach (var property in (string[])["stage", "version", "nextMilestone", "nextDue", "planVersion"])
        {
            Assert.Equal(one.GetProperty(property).ToString(), other.GetProperty(property).ToString());
        }
        Assert.Equal(["received:draft", "timetable"], MailFor(host, TestData.System).Select(Rule).Order(StringComparer.Ordinal));
        Assert.Equal(["received:draft", "timetable"], MailFor(host, TestData.Peer).Select(Rule).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Submission_AfterDispatch_CloudEventOnTheEventsQueue()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(9, 20, 11)));
        await host.DrainAsync();

        using var draft = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org", reference = "https://example.org/plans/draft.pdf" });
        Assert.Empty(await host.IntegrationEventsAsync());
        await host.DrainAsync();

        var submitted = Assert.Single(await host.IntegrationEventsAsync());
        var sequence = (await host.GetInstanceAsync()).GetProperty("history").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "PlanSubmitted").GetProperty("sequence").GetInt32();
        Assert.Equal("1.0", submitted.GetProperty("specversion").GetString());
        Assert.Equal("uk.nhs.england.planning-round.plan.submitted", submitted.GetProperty("type").GetString());
        Assert.Equal($"{TestData.InstanceId()}/event/{sequence}", submitted.GetProperty("id").GetString());
        Assert.Equal($"/rounds/{TestData.Round}/systems/{TestData.System}", submitted.GetProperty("source").GetString());
        Assert.Equal(TestData.System, submitted.GetProperty("subject").GetString());
        Assert.Equal("application/json", submitted.GetProperty("datacontenttype").GetString());
        Assert.Equal(TestData.London(9, 20, 11), submitted.GetProperty("time").GetDateTimeOffset());
        var data = submitted.GetProperty("data");
        Assert.Equal("draft", data.GetProperty("milestone").GetString());
        Assert.Equal("https://example.org/plans/draft.pdf", data.GetProperty("reference").GetString());
        Assert.Equal(TestData.NorthEastAndYorkshire, data.GetProperty("region").GetString());
    }

    [Fact]
    public async Task Escalation_AfterDispatch_CloudEventPerLadderStep()
    {
        await using var host = TestHost.Start(new HostState(azurite, TestData.London(9, 20, 11)));

        // Draft due Friday 27 Sep: overdue Monday 30 Sep, region Wednesday 2 Oct, national Friday 4 Oct.
        await host.RunUntilAsync(TestData.London(10, 4, 12));

        var escalations = (await host.IntegrationEventsAsync())
            .Where(e => e.GetProperty("subject").GetString() == TestData.System)
            .Select(e => (Type: e.GetProperty("type").GetString(), Level: e.GetProperty("data").GetProperty("level").GetString()))
            .ToList();
        Assert.Equal(
            [("uk.nhs.england.planning-round.plan.escalated", "region"), ("uk.nhs.england.planning-round.plan.escalated", "national")],
            escalations);
    }

    private static List<string> MailFor(TestHost host, string system = TestData.System) =>
        [.. host.Mail.Where(m => m.Instance == TestData.InstanceId(system)).OrderBy(m => m.File, StringComparer.Ordinal).Select(m => m.Id)];

    private static string Rule(string id) => id[(id.LastIndexOf('/') + 1)..];
}
