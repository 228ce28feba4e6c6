using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Api;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications.SendGrid;
using Workflow.Orchestration;
using Workflow.Storage.Deliveries;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>
/// SendGrid's event webhook as a function, called as the Functions host calls it, with a mocked Durable Task client:
/// which failed copies are raised on which instance and under which id, and what is refused with nothing raised.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MailEventsFunctionsClientTests(AzuriteFixture azurite) : IDisposable
{
    private const string Pmo = "pmo.e54000005@example.org";
    private const string Director = "director.north-east-and-yorkshire@example.org";
    private static readonly InstanceId Instance = TestHost.Id();
    private static readonly string Timetable = $"{Instance}/timetable";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Mock<DurableTaskClient> _durable = new("test");

    public void Dispose() => _key.Dispose();

    /// <summary>The instance having sent its PMO the timetable as the round opened, the service knowing the key SendGrid signs with.</summary>
    private async Task<RegisteredFunctions> StartAsync(bool keySet = true)
    {
        var functions = await RegisteredFunctions.StartAsync(azurite, TestData.Opening.AddHours(1),
            new Dictionary<string, string?> { ["SendGrid:EventWebhookPublicKey"] = keySet ? SendGridWebhook.PublicKey(_key) : null });
        var timetable = new Command(Timetable, TestData.Opening, MessageKind.Timetable, null, 0, null, [Role.Pmo], [], 0);
        await functions.ProjectAsync(Instance, new CommandIssued(TestData.Opening, timetable));
        return functions;
    }

    private static string Event(RegisteredFunctions functions, string id, string kind, string email, string role, string instance, string command) =>
        SendGridWebhook.Event(id, kind, email, role, functions.Now, instance, command, kind == "bounce" ? "550 5.1.1 no such mailbox" : null);

    /// <summary>Posts <paramref name="body"/> as SendGrid does, signed with <paramref name="signer"/> over <paramref name="signed"/> (the body when null); unsigned when no signer.</summary>
    private Task<IResult> PostAsync(RegisteredFunctions functions, string body, ECDsa? signer, string? signed = null)
    {
        var request = RegisteredFunctions.Request("POST", body);
        if (signer is not null)
        {
            var (timestamp, signature) = SendGridWebhook.Sign(signer, Encoding.UTF8.GetBytes(signed ?? body), functions.Now);
            request.Headers[EventWebhookSignature.TimestampHeader] = timestamp;
            request.Headers[EventWebhookSignature.SignatureHeader] = signature;
        }
        return functions.Create<MailEventsFunctions>().ReceiveAsync(request, _durable.Object, CancellationToken.None);
    }

    private Task<IResult> PostAsync(RegisteredFunctions functions, params string[] events) => PostAsync(functions, $"[{string.Join(',', events)}]", _key);

    [Theory]
    [InlineData("bounce", "bounced")]
    [InlineData("dropped", "was dropped")]
    public async Task MailEvents_PmosCopyFailed_RaisesDeliveryFailedOnItsInstanceUnderSendGridsEventId(string kind, string said)
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var peer = TestData.InstanceId(TestData.Peer);

        var result = await PostAsync(functions,
            Event(functions, "ev-1", kind, Pmo, "pmo", Instance.ToString(), Timetable),
            Event(functions, "ev-2", "delivered", Director, "regional-director", Instance.ToString(), Timetable),
            Event(functions, "ev-3", "bounce", "pmo.e54000006@example.org", "pmo", peer, $"{peer}/timetable"));

        // The peer has no instance here, so its bounce is skipped: recorded nowhere, raised nowhere.
        Assert.Equal(new MailEventsView(3, 2, 1), Assert.IsType<Ok<MailEventsView>>(result).Value);
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((PlanningOrchestrator.InstanceIdFor(Instance), "mail-event:ev-1"), (instance, happened.Id));
        var failed = Assert.IsType<DeliveryFailed>(happened.Event);
        Assert.Equal((Timetable, Role.Pmo), (failed.Command.Id, failed.Recipient));
        Assert.StartsWith($"{Pmo}: the mail service said it {said}", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(MailStatus.Delivered, await functions.Get<DeliveryStore>().StatusAsync(Instance, Timetable, Director));
        _durable.Verify(d => d.RaiseEventAsync(PlanningOrchestrator.InstanceIdFor(Instance), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task MailEvents_SameBounceSentAgain_NothingMoreRaised()
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var bounce = Event(functions, "ev-1", "bounce", Pmo, "pmo", Instance.ToString(), Timetable);
        Assert.IsType<Ok<MailEventsView>>(await PostAsync(functions, bounce));

        var again = await PostAsync(functions, bounce);

        // SendGrid posts a batch again on any answer but 2xx: the instance has the event under its id, so it is not raised twice.
        Assert.Equal(new MailEventsView(1, 0, 0), Assert.IsType<Ok<MailEventsView>>(again).Value);
        Assert.Equal(["mail-event:ev-1"], raised.Select(r => r.Event.Id));
        _durable.Verify(d => d.RaiseEventAsync(PlanningOrchestrator.InstanceIdFor(Instance), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("signed with another key")]
    [InlineData("not signed")]
    [InlineData("changed after signing")]
    public async Task MailEvents_NotSignedBySendGrid_UnauthorizedAndNothingRaisedOrRecorded(string post)
    {
        await using var functions = await StartAsync();
        var body = $"[{Event(functions, "ev-1", "bounce", Pmo, "pmo", Instance.ToString(), Timetable)}]";
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var result = await functions.NothingDoneAsync(_durable, () => post switch
        {
            "signed with another key" => PostAsync(functions, body, forger),
            "not signed" => PostAsync(functions, body, null),
            _ => PostAsync(functions, body, _key, signed: body.Replace("bounce", "delivered", StringComparison.Ordinal)),
        });

        Assert.Equal(StatusCodes.Status401Unauthorized, RegisteredFunctions.StatusOf(result));
    }

    [Theory]
    [InlineData("bounce!")]
    [InlineData("""{"event":"bounce","sg_event_id":"ev-1"}""")]
    [InlineData("[1]")]
    public async Task MailEvents_SignedButNotAnArrayOfEvents_BadRequestAndNothingRaisedOrRecorded(string body)
    {
        await using var functions = await StartAsync();

        var result = await functions.NothingDoneAsync(_durable, () => PostAsync(functions, body, _key));

        Assert.Equal(StatusCodes.Status400BadRequest, RegisteredFunctions.StatusOf(result));
    }

    [Fact]
    public async Task MailEvents_NoKeyToCheckSignaturesWith_NotFoundAndNothingRaisedOrRecorded()
    {
        await using var functions = await StartAsync(keySet: false);

        var result = await functions.NothingDoneAsync(_durable, () => PostAsync(functions, Event(functions, "ev-1", "bounce", Pmo, "pmo", Instance.ToString(), Timetable)));

        Assert.Equal(StatusCodes.Status404NotFound, RegisteredFunctions.StatusOf(result));
    }
}
