using System.Net;
using System.Text.Json;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>A week before the draft is due, the timetables sent; each test raises events on systems of its own.</summary>
public sealed class SeptemberHost(AzuriteFixture azurite) : IAsyncLifetime
{
    internal TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Raising an event by either route, and the integration events the instance publishes for it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RaiseEventTests(AzuriteFixture azurite, SeptemberHost september) : IClassFixture<SeptemberHost>
{
    private TestHost Host => september.Host;

    [Fact]
    public async Task RaiseEvent_SameAsTheRoundsRoute()
    {
        var body = new { milestone = "draft", by = "pmo@example.org", reference = "https://example.org/plans/draft.pdf" };

        using var viaRounds = await Host.RaiseAsync("submission", body, TestData.System);
        using var viaInstances = await Host.PostAsync($"/api/instances/{TestData.Round}/{TestData.Peer}/raiseEvent/submission", body);

        Assert.Equal(HttpStatusCode.OK, viaRounds.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaInstances.StatusCode);
        using var one = JsonDocument.Parse(await viaRounds.Content.ReadAsStringAsync());
        using var other = JsonDocument.Parse(await viaInstances.Content.ReadAsStringAsync());
        foreach (var property in (string[])["stage", "version", "nextMilestone", "nextDue", "planVersion"])
        {
            Assert.Equal(one.RootElement.GetProperty(property).ToString(), other.RootElement.GetProperty(property).ToString());
        }
        await Host.WaitForMailAsync("both receipts", mail => mail.Count(m => m.Kind == "submission-received" && m.Instance != TestData.InstanceId(TestData.OtherSystem)) == 2);
        Assert.Equal(["received:draft", "timetable"], Host.MailFor(TestData.System).Select(Rule).Order(StringComparer.Ordinal));
        Assert.Equal(["received:draft", "timetable"], Host.MailFor(TestData.Peer).Select(Rule).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Submission_Recorded_CloudEventOnTheEventsQueue()
    {
        const string system = TestData.OtherSystem;

        await Host.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org", reference = "https://example.org/plans/draft.pdf" }, system);

        await TestHost.WaitForAsync("the integration event", async () => (await EventsForAsync(Host, system)).Count > 0);
        var submitted = Assert.Single(await EventsForAsync(Host, system));
        var recorded = (await Host.GetInstanceAsync(system)).GetProperty("history").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "PlanSubmitted");
        Assert.Equal("1.0", submitted.GetProperty("specversion").GetString());
        Assert.Equal("uk.nhs.england.planning-round.plan.submitted", submitted.GetProperty("type").GetString());
        Assert.Equal($"{TestData.InstanceId(system)}/event/{recorded.GetProperty("version").GetInt32()}", submitted.GetProperty("id").GetString());
        Assert.Equal($"/rounds/{TestData.Round}/systems/{system}", submitted.GetProperty("source").GetString());
        Assert.Equal("application/json", submitted.GetProperty("datacontenttype").GetString());
        Assert.Equal(recorded.GetProperty("at").GetDateTimeOffset(), submitted.GetProperty("time").GetDateTimeOffset());
        Assert.InRange(submitted.GetProperty("time").GetDateTimeOffset(), TestData.London(9, 20, 11), TestData.London(9, 20, 11).AddMinutes(10));
        var data = submitted.GetProperty("data");
        Assert.Equal("draft", data.GetProperty("milestone").GetString());
        Assert.Equal("https://example.org/plans/draft.pdf", data.GetProperty("reference").GetString());
        Assert.Equal("E40000010", data.GetProperty("region").GetString());
    }

    [Fact]
    public async Task Escalation_LadderStepsAboveTheSystem_CloudEventForEach()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));

        // Draft due Friday 27 Sep: overdue Monday 30 Sep, region Wednesday 2 Oct, national Friday 4 Oct, each at 09:00.
        foreach (var (day, kind) in ((int, string)[])[(30, "overdue"), (2, "escalation-to-region"), (4, "escalation-to-national")])
        {
            await host.AdvanceClockAsync(TestData.London(day == 30 ? 9 : 10, day, 9));
            await host.WaitForMailAsync(kind, mail => mail.Any(m => m.Instance == TestData.InstanceId() && m.Kind == kind));
        }
        await host.SettledAsync(TestData.System);

        var escalations = (await EventsForAsync(host, TestData.System))
            .Select(e => (Type: e.GetProperty("type").GetString(), Level: e.GetProperty("data").GetProperty("level").GetString()))
            .ToList();
        Assert.Equal(
            [("uk.nhs.england.planning-round.plan.escalated", "region"), ("uk.nhs.england.planning-round.plan.escalated", "national")],
            escalations);
    }

    private static async Task<List<JsonElement>> EventsForAsync(TestHost host, string system) =>
        [.. (await host.IntegrationEventsAsync()).Where(e => e.GetProperty("subject").GetString() == system)];

    private static string Rule(string id) => id[(id.LastIndexOf('/') + 1)..];
}
