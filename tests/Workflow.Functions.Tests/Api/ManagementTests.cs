using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using SendGrid;
using SendGrid.Helpers.Mail;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications.SendGrid;
using Workflow.Notifications.Templates;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>The round just opened, every timetable sent; tests read one system or act on one system each.</summary>
public sealed class OpeningHost(AzuriteFixture azurite) : IAsyncLifetime
{
    internal TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TestHost.StartAsync(new HostState(azurite, TestData.Opening));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>The management API: read an instance with its history, suspend and resume, terminate, restart.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManagementTests(AzuriteFixture azurite, OpeningHost opening) : IClassFixture<OpeningHost>
{
    private static readonly string Instance = $"/api/instances/{TestData.Round}/{TestData.System}";

    private TestHost Opened => opening.Host;

    [Fact]
    public async Task Get_InstanceAndStatus_WriteTheSameInstantInLondonTime()
    {
        var instance = await Opened.GetInstanceAsync();
        var status = await Opened.GetJsonAsync($"/api/rounds/{TestData.Round}/status");
        var row = status.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("system").GetString() == TestData.System);

        // The draft is due on Friday 27 September 2019 at 5pm, British Summer Time: the status table keeps it in UTC.
        Assert.Equal("2019-09-27T17:00:00+01:00", instance.GetProperty("nextDue").GetString());
        Assert.Equal("2019-09-27T17:00:00+01:00", row.GetProperty("nextDue").GetString());
        Assert.EndsWith("+01:00", row.GetProperty("updatedAt").GetString(), StringComparison.Ordinal);
        var history = instance.GetProperty("history").EnumerateArray().ToList();
        Assert.All(history, e => Assert.EndsWith("+01:00", e.GetProperty("at").GetString(), StringComparison.Ordinal));
        Assert.All(history, e => Assert.EndsWith("+01:00", e.GetProperty("event").GetProperty("at").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_OneInstance_WithItsHistoryInOrder()
    {
        var instance = await Opened.GetInstanceAsync();
        var brief = await Opened.GetInstanceAsync(history: false);

        Assert.Equal(TestData.InstanceId(), instance.GetProperty("id").GetString());
        Assert.Equal(TestData.NorthEastAndYorkshire, instance.GetProperty("region").GetString());
        Assert.Equal("drafting", instance.GetProperty("stage").GetString());
        Assert.Equal("running", instance.GetProperty("runtime").GetProperty("status").GetString());
        var history = instance.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(instance.GetProperty("version").GetInt32(), history.Count);
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.GetProperty("version").GetInt32()));
        Assert.Equal(["InstanceStarted", "CommandIssued"], history.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal($"{TestData.InstanceId()}/timetable", history[1].GetProperty("event").GetProperty("command").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, brief.GetProperty("history").ValueKind);
    }

    [Fact]
    public async Task Get_History_EachMessageSaysWhetherItWentOutToWhomAndWhen()
    {
        // SendGrid's sender records each copy it hands over, as it does in Azure; the mail drop keeps no such record.
        var handed = new List<(string Message, string Email)>();
        var sendGrid = new Mock<ISendGridClient>();
        sendGrid.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()))
            .Callback<SendGridMessage, CancellationToken>((mail, _) =>
            {
                lock (handed)
                {
                    handed.Add((mail.CustomArgs["outbox_id"], mail.Personalizations.Single().Tos.Single().Email));
                }
            })
            .ReturnsAsync(new Response(HttpStatusCode.Accepted, null, null));
        var started = DateTimeOffset.UtcNow;
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.Opening)
        {
            Sender = sp => new SendGridSender(
                sendGrid.Object, sp.GetRequiredService<MessageRenderer>(), Options.Create(new SendGridOptions { FromEmail = "planning@example.org" }),
                sp.GetRequiredService<IDeliveryLog>(), sp.GetRequiredService<TimeProvider>(), NullLogger<SendGridSender>.Instance),
        });

        var history = (await host.GetInstanceAsync()).GetProperty("history").EnumerateArray().ToList();

        var sent = history[1].GetProperty("delivery");
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("error").ValueKind);
        var to = sent.GetProperty("sentTo").EnumerateArray().ToList();
        var timetable = $"{TestData.InstanceId()}/timetable";
        lock (handed)
        {
            Assert.Equal(handed.Where(h => h.Message == timetable).Select(h => h.Email).Order(StringComparer.Ordinal), to.Select(r => r.GetProperty("email").GetString()!).Order(StringComparer.Ordinal));
        }
        Assert.NotEmpty(to);
        Assert.All(to, r => Assert.InRange(r.GetProperty("sentAt").GetDateTimeOffset(), TestData.Opening, TestData.Opening + (DateTimeOffset.UtcNow - started)));
        // Only messages have a delivery; the instance's start does not.
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("delivery").ValueKind);
    }

    [Fact]
    public async Task Get_UnknownInstance_NotFound()
    {
        using var response = await Opened.Client.GetAsync($"/api/instances/{TestData.Round}/E54999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Restart_NewGeneration_TimetableSentAgainWithItsOwnId()
    {
        const string system = TestData.OtherSystem;
        var path = $"/api/instances/{TestData.Round}/{system}";
        await Opened.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" }, system);

        using var restart = await Opened.PostAsync($"{path}/restart", new { reason = "Submitted by mistake", by = "national@example.org" });

        Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        string[] sent = [$"{TestData.InstanceId(system)}/timetable", $"{TestData.InstanceId(system)}/received:draft", $"{TestData.InstanceId(system)}/g1/timetable"];
        await Opened.WaitForMailAsync("the new generation's timetable", _ => Opened.MailFor(system).Count == sent.Length);
        Assert.Equal(sent, Opened.MailFor(system));
        var instance = await Opened.GetInstanceAsync(system);
        Assert.Equal("drafting", instance.GetProperty("stage").GetString());
        Assert.Contains(instance.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "Restarted");
        await Opened.RaiseAppliedAsync("submission", new { milestone = "draft", by = "pmo@example.org" }, system);
        await Opened.SettledAsync(system);
    }

    [Theory]
    [InlineData("SUSPEND")]
    [InlineData("Terminate")]
    [InlineData("RESUME")]
    [InlineData("Restart")]
    public async Task Control_OperationInOtherCapitals_NotFoundAndNothingRecorded(string operation)
    {
        var before = await StorageSnapshot.TakeAsync(Opened);

        using var response = await Opened.PostAsync($"{Instance}/{operation}", new { reason = "r", by = "b" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(Opened));
        var after = await Opened.GetInstanceAsync();
        Assert.DoesNotContain(after.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "Restarted");
    }

    [Fact]
    public async Task Suspend_AcrossAReminderDate_NothingSentUntilResumedAndTheDateMovesOn()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.Opening));
        using var suspend = await host.PostAsync($"{Instance}/suspend", new { reason = "Merger under review", by = "national@example.org" });
        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        var sentBefore = host.MailFor();

        // The footprint reminders fall due 10 and 5 working days before 31 July: the first at 9:00 on 17 July.
        await host.AdvanceClockAsync(TestData.London(7, 17, 9));
        await host.WaitForMailAsync("the peer's footprint reminder", mail => mail.Any(m => m.Instance == TestData.InstanceId(TestData.Peer) && m.Kind == "reminder"));
        await host.SettledAsync(TestData.System);

        Assert.Equal(sentBefore, host.MailFor());
        Assert.True((await host.GetInstanceAsync(history: false)).GetProperty("suspended").GetBoolean());
        var status = await host.GetJsonAsync($"/api/instances?round={TestData.Round}&region={TestData.NorthEastAndYorkshire}");
        Assert.True(status.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("system").GetString() == TestData.System).GetProperty("suspended").GetBoolean());

        using var resume = await host.PostAsync($"{Instance}/resume", new { by = "national@example.org" });

        // Suspended over the send times of 14 working days (28 June to 17 July): footprint changes are now due on 20 August
        // and the draft on 17 October, and the footprint reminder ten working days before 20 August goes on 6 August, once.
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        await host.SettledAsync(TestData.System);
        Assert.Equal(sentBefore.Append($"{TestData.InstanceId()}/resumed:1"), host.MailFor());
        sentBefore = host.MailFor();
        var instance = await host.GetInstanceAsync(history: false);
        Assert.Equal("draft", instance.GetProperty("nextMilestone").GetString());
        Assert.Equal(TestData.London(10, 17, 17), instance.GetProperty("nextDue").GetDateTimeOffset());
        await host.AdvanceClockAsync(TestData.London(8, 6, 9));
        await host.WaitForMailAsync("the reminder of the moved date", _ => host.MailFor().Count > sentBefore.Count);
        var reminder = Assert.Single(host.MailFor().Except(sentBefore));
        Assert.Equal($"{TestData.InstanceId()}/footprint/remind-10@20190820T1600", reminder);
        Assert.All(host.State.Sent.SentCounts, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task Terminate_Withdrawn_LaterEventsRefusedAndSubscribersTold()
    {
        await using var host = await TestHost.StartAsync(new HostState(azurite, TestData.Opening));

        using var terminate = await host.PostAsync($"{Instance}/terminate", new { reason = "Merged with a neighbour", by = "national@example.org" });
        using var late = await host.RaiseAsync("submission", new { milestone = "draft", by = "pmo@example.org" });
        await host.AdvanceClockAsync(TestData.London(7, 18));
        await host.WaitForMailAsync("the peer's footprint reminder", mail => mail.Any(m => m.Instance == TestData.InstanceId(TestData.Peer) && m.Kind == "reminder"));
        await host.SettledAsync(TestData.System);

        Assert.Equal(HttpStatusCode.OK, terminate.StatusCode);
        var instance = await host.GetInstanceAsync(history: false);
        Assert.True(instance.GetProperty("withdrawn").GetBoolean());
        Assert.Equal("withdrawn", instance.GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        using var problem = JsonDocument.Parse(await late.Content.ReadAsStringAsync());
        Assert.Equal("the system has been withdrawn from this round", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal([$"{TestData.InstanceId()}/timetable"], host.MailFor());
        var withdrawn = Assert.Single(await host.IntegrationEventsAsync(), e => e.GetProperty("subject").GetString() == TestData.System);
        Assert.Equal("uk.nhs.england.planning-round.instance.withdrawn", withdrawn.GetProperty("type").GetString());
    }
}
