using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.Core.Rounds;
using Workflow.Core.Instances;
using Workflow.Functions.Api;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications;
using Workflow.Notifications.SendGrid;
using Workflow.Notifications.Templates;
using Workflow.Storage.Deliveries;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>
/// <c>POST /api/mail/events</c> on the running service, posted to as SendGrid's signed event webhook posts: an ECDSA
/// P-256 key made here, the service given its public half, each post signed over its timestamp and raw body.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MailEventsTests(AzuriteFixture azurite) : IDisposable
{
    private const string Path = "/api/mail/events";
    private const string Pmo = "pmo.e54000005@example.org";
    private const string Director = "director.north-east-and-yorkshire@example.org";
    private static readonly string Timetable = $"{TestData.InstanceId()}/timetable";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    private HostState State(Func<IServiceProvider, IMessageSender>? sender = null) => new(azurite, TestData.Opening)
    {
        More = new Dictionary<string, string?> { ["SendGrid:EventWebhookPublicKey"] = SendGridWebhook.PublicKey(_key) },
        Sender = sender,
    };

    private static string Event(string id, string kind, string email, string role, DateTimeOffset at, string command = "", string? reason = null) =>
        SendGridWebhook.Event(id, kind, email, role, at, TestData.InstanceId(), command.Length == 0 ? Timetable : command, reason);

    /// <summary>Posts as SendGrid does: the body signed with <paramref name="signer"/> (the key the service knows when null) at the service's now.</summary>
    private static async Task<HttpResponseMessage> PostAsync(TestHost host, byte[] body, ECDsa? signer, bool signed = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (signed)
        {
            var (timestamp, signature) = SendGridWebhook.Sign(signer!, body, host.Get<TimeProvider>().GetUtcNow());
            request.Headers.Add(EventWebhookSignature.TimestampHeader, timestamp);
            request.Headers.Add(EventWebhookSignature.SignatureHeader, signature);
        }
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };
        return await anonymous.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(TestHost host, params string[] events) =>
        PostAsync(host, Encoding.UTF8.GetBytes($"[{string.Join(',', events)}]"), _key);

    [Fact]
    public async Task Post_SignedEvents_RecordsEachCopysStatus_SkipsMailItDidNotSend()
    {
        await using var host = await TestHost.StartAsync(State());
        var at = host.Get<TimeProvider>().GetUtcNow();

        using var response = await PostAsync(host,
            Event("ev-1", "deferred", Pmo, "pmo", at.AddSeconds(-60)),
            Event("ev-2", "delivered", Pmo, "pmo", at),
            Event("ev-3", "deferred", Pmo, "pmo", at.AddSeconds(30)),
            Event("ev-4", "delivered", Pmo, "pmo", at, command: $"{TestData.InstanceId()}/never-sent"),
            """{"sg_event_id": "ev-5", "event": "open", "email": "x@example.org", "timestamp": 1}""");
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal((4, 2, 1), (json.RootElement.GetProperty("events").GetInt32(), json.RootElement.GetProperty("recorded").GetInt32(), json.RootElement.GetProperty("skipped").GetInt32()));
        // A deferral after delivery is only a delay reported late: the copy stays delivered.
        Assert.Equal(MailStatus.Delivered, await host.Get<DeliveryStore>().StatusAsync(TestHost.Id(), Timetable, Pmo));
        Assert.Null(await host.Get<DeliveryStore>().StatusAsync(TestHost.Id(), $"{TestData.InstanceId()}/never-sent", Pmo));
        var issued = (await host.GetInstanceAsync()).GetProperty("history").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "CommandIssued" && e.GetProperty("event").GetProperty("command").GetProperty("id").GetString() == Timetable);
        var copy = Assert.Single(issued.GetProperty("delivery").GetProperty("sentTo").EnumerateArray(), c => c.GetProperty("email").GetString() == Pmo);
        Assert.Equal("delivered", copy.GetProperty("status").GetString());
        Assert.Empty((await host.GetInstanceAsync()).GetProperty("undelivered").EnumerateArray());
    }

    [Fact]
    public async Task Post_BounceOfThePmosPromptTwice_DeliveryFailedOnce_TheDirectorTold_PageSaysBounced()
    {
        await using var host = await TestHost.StartAsync(State());
        var bounce = Event("bounce-1", "bounce", Pmo, "pmo", host.Get<TimeProvider>().GetUtcNow(), reason: "550 5.1.1 no such mailbox");

        using (var first = await PostAsync(host, bounce))
        {
            Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        }
        using (var again = await PostAsync(host, bounce))
        {
            Assert.True(again.StatusCode == HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        }
        await host.WaitForMailAsync("the director's notice of the undelivered prompt",
            mail => mail.Any(m => m.Kind == "prompt-undelivered" && m.Instance == TestData.InstanceId()));
        await host.SettledAsync(TestData.System);

        var journal = await host.Journal.ReadAsync(TestHost.Id());
        var failed = Assert.Single(journal.Where(e => e.Refusal is null).Select(e => e.Event).OfType<DeliveryFailed>());
        Assert.Equal((Timetable, Role.Pmo), (failed.Command.Id, failed.Recipient));
        Assert.Contains("550 5.1.1 no such mailbox", failed.Reason, StringComparison.Ordinal);
        var notice = Assert.Single(host.Mail, m => m.Kind == "prompt-undelivered" && m.Instance == TestData.InstanceId());
        Assert.Contains(Director, notice.Recipients, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(MailStatus.Bounced, await host.Get<DeliveryStore>().StatusAsync(TestHost.Id(), Timetable, Pmo));
        var undelivered = Assert.Single((await host.GetInstanceAsync()).GetProperty("undelivered").EnumerateArray());
        Assert.Equal(Timetable, undelivered.GetProperty("commandId").GetString());
        var page = await host.Client.GetStringAsync($"/dashboard/{TestData.Round}/systems/{TestData.System}");
        Assert.Contains("nhsuk-tag--red\">Bounced</strong>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ForgedUnsignedOversizedOrMalformed_RefusedWithProblems_NothingRecorded()
    {
        await using var host = await TestHost.StartAsync(State());
        var body = Encoding.UTF8.GetBytes($"[{Event("forged-1", "bounce", Pmo, "pmo", host.Get<TimeProvider>().GetUtcNow())}]");
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        (string What, Func<Task<HttpResponseMessage>> Post, HttpStatusCode Status)[] cases =
        [
            ("signed with another key", () => PostAsync(host, body, forger), HttpStatusCode.Unauthorized),
            ("not signed", () => PostAsync(host, body, null, signed: false), HttpStatusCode.Unauthorized),
            ("over 1 MiB", () => PostAsync(host, body.Concat(new byte[MailEventsFunctions.MaxBodyBytes]).ToArray(), _key), HttpStatusCode.RequestEntityTooLarge),
            ("signed, not JSON", () => PostAsync(host, Encoding.UTF8.GetBytes("bounce!"), _key), HttpStatusCode.BadRequest),
            ("signed, an object, not an array", () => PostAsync(host, Encoding.UTF8.GetBytes("""{"event": "bounce"}"""), _key), HttpStatusCode.BadRequest),
        ];
        foreach (var (what, post, status) in cases)
        {
            using var response = await post();
            Assert.True(response.StatusCode == status, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Null(await host.Get<DeliveryStore>().StatusAsync(TestHost.Id(), Timetable, Pmo));
        Assert.Empty((await host.GetInstanceAsync()).GetProperty("undelivered").EnumerateArray());
    }

    [Fact]
    public async Task LocalMailDrop_EveryCopyMarkedDelivered_PageSaysDelivered()
    {
        await using var host = await TestHost.StartAsync(State(sp => new LocalMailDrop(
            sp.GetRequiredService<IOptions<MailDropOptions>>(), sp.GetRequiredService<MessageRenderer>(), sp.GetRequiredService<IDeliveryLog>())));

        var page = await host.Client.GetStringAsync($"/dashboard/{TestData.Round}/systems/{TestData.System}");

        Assert.Equal(MailStatus.Delivered, await host.Get<DeliveryStore>().StatusAsync(TestHost.Id(), Timetable, Pmo));
        Assert.Contains("nhsuk-tag--green\">Delivered</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Pending</strong>", page, StringComparison.Ordinal);
    }
}
