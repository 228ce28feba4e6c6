using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using global::SendGrid;
using global::SendGrid.Helpers.Mail;
using Workflow.Core.Instances;
using Workflow.Notifications.SendGrid;
using Workflow.Notifications.Templates;
using Workflow.Notifications.Tests.Support;

namespace Workflow.Notifications.Tests.SendGrid;

public sealed class SendGridSenderTests
{
    private readonly Mock<ISendGridClient> _client = new(MockBehavior.Strict);
    private readonly List<SendGridMessage> _sent = [];
    private readonly List<TimeSpan> _delays = [];
    private readonly SharedDeliveryLog _log = new();
    private readonly Queue<Func<Response>> _answers = new();

    public SendGridSenderTests() =>
        _client.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()))
            .Callback<SendGridMessage, CancellationToken>((mail, _) => _sent.Add(mail))
            .ReturnsAsync(() => _answers.Count > 0 ? _answers.Dequeue()() : Answer(HttpStatusCode.Accepted));

    [Fact]
    public async Task SendAsync_AddressedAndCopied_SendsEachPersonTheirOwnMessage()
    {
        var message = Overdue();

        var result = await Sender().SendAsync(message);

        Assert.Equal(SendResult.Sent, result);
        Assert.Collection(_sent,
            mail =>
            {
                var to = Assert.Single(Assert.Single(mail.Personalizations).Tos);
                Assert.Equal((People.Pmo.Email, People.Pmo.Name), (to.Email, to.Name));
                Assert.Equal("false", mail.CustomArgs["copied"]);
                Assert.DoesNotContain("You are copied", mail.PlainTextContent, StringComparison.Ordinal);
            },
            mail =>
            {
                var to = Assert.Single(Assert.Single(mail.Personalizations).Tos);
                Assert.Equal(People.Director.Email, to.Email);
                Assert.Equal("true", mail.CustomArgs["copied"]);
                Assert.Contains("You are copied", mail.PlainTextContent, StringComparison.Ordinal);
            });
    }

    [Fact]
    public async Task SendAsync_Message_CarriesContentCategoriesAndTracingArgs()
    {
        var message = Overdue();

        await Sender(new SendGridOptions { FromEmail = "planning@england.nhs.uk", FromName = "Planning round" }).SendAsync(message);

        var mail = _sent[0];
        Assert.Equal(("planning@england.nhs.uk", "Planning round"), (mail.From.Email, mail.From.Name));
        Assert.Equal("Overdue: draft system plan was due Friday 27 September 2019 — Humber, Coast and Vale (2019/20 planning round)", mail.Subject);
        Assert.Contains("<h1", mail.HtmlContent, StringComparison.Ordinal);
        Assert.Contains("Friday 27 September 2019 at 5pm", mail.PlainTextContent, StringComparison.Ordinal);
        Assert.Equal(["overdue", "2019-20", "draft"], mail.Categories);
        Assert.Equal(message.Id, mail.CustomArgs["outbox_id"]);
        Assert.Equal(message.Command.Id, mail.CustomArgs["command_id"]);
        Assert.Equal(message.Id, mail.CustomArgs["idempotency_key"]);
        Assert.Equal("2019-20|E54000006", mail.CustomArgs["instance"]);
        Assert.Equal($"{message.Id}#1", mail.CustomArgs["delivery"]);
        Assert.Equal("pmo", mail.CustomArgs["recipient_role"]);
        Assert.False(mail.TrackingSettings.ClickTracking.Enable);
        Assert.False(mail.TrackingSettings.OpenTracking.Enable);
        Assert.Null(mail.MailSettings?.SandboxMode);
    }

    [Fact]
    public async Task SendAsync_NameWithALineBreak_IsAddressedOnOneLine()
    {
        var message = (Cases.For(MessageKind.Reminder).Message with
        {
            Person = role => new Recipient(role, "Eve\r\nBcc: x@example.org\u202E", "eve@example.org"),
        }).Build();

        await Sender().SendAsync(message);

        var to = Assert.Single(Assert.Single(Assert.Single(_sent).Personalizations).Tos);
        Assert.Equal(("eve@example.org", "Eve Bcc: x@example.org"), (to.Email, to.Name));
    }

    [Fact]
    public async Task SendAsync_SandboxMode_AsksSendGridNotToDeliver()
    {
        await Sender(new SendGridOptions { FromEmail = "planning@england.nhs.uk", SandboxMode = true }).SendAsync(Overdue());

        Assert.All(_sent, mail => Assert.True(mail.MailSettings.SandboxMode.Enable));
    }

    [Fact]
    public async Task SendAsync_SamePersonAddressedAndCopied_SendsThemOne()
    {
        var message = (Cases.For(MessageKind.Overdue).Message with { Person = _ => People.Pmo }).Build();

        await Sender().SendAsync(message);

        Assert.Single(_sent);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task SendAsync_ThrottledOrFailingThenAccepted_RetriesWithBackoffAndSends(HttpStatusCode status)
    {
        Answer(status, 2);

        var result = await Sender().SendAsync(Cases.For(MessageKind.Reminder).Message.Build());

        Assert.Equal(SendResult.Sent, result);
        Assert.Equal(3, _sent.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _delays);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "429")]
    [InlineData(HttpStatusCode.BadGateway, "502")]
    public async Task SendAsync_StillFailingAfterThreeTries_IsTransient(HttpStatusCode status, string code)
    {
        Answer(status, 3, "{\"errors\":[{\"message\":\"try later\"}]}");

        var result = await Sender().SendAsync(Cases.For(MessageKind.Reminder).Message.Build());

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.Contains(code, result.Reason, StringComparison.Ordinal);
        Assert.Contains("try later", result.Reason, StringComparison.Ordinal);
        Assert.Contains("after 3 tries", result.Reason, StringComparison.Ordinal);
        Assert.Equal(3, _sent.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _delays);
    }

    [Fact]
    public async Task SendAsync_Unreachable_RetriesThenIsTransient()
    {
        var client = new Mock<ISendGridClient>();
        client.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("Connection refused"));

        var result = await Sender(client: client.Object).SendAsync(Cases.For(MessageKind.Reminder).Message.Build());

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.Contains("Connection refused", result.Reason, StringComparison.Ordinal);
        client.Verify(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task SendAsync_BadRequest_IsRejectedWithStatusAndBodyAtOnce()
    {
        Answer(HttpStatusCode.BadRequest, 1, "{\"errors\":[{\"message\":\"Does not contain a valid address.\",\"field\":\"personalizations.0.to\"}]}");

        var result = await Sender().SendAsync(Cases.For(MessageKind.Reminder).Message.Build());

        Assert.Equal(SendOutcome.Rejected, result.Outcome);
        Assert.Contains("400", result.Reason, StringComparison.Ordinal);
        Assert.Contains("Does not contain a valid address.", result.Reason, StringComparison.Ordinal);
        Assert.Contains(People.Pmo.Email, result.Reason, StringComparison.Ordinal);
        Assert.Single(_sent);
        Assert.Empty(_delays);
    }

    [Fact]
    public async Task SendAsync_FailsForTheSecondPerson_RetryByAnotherSenderSendsOnlyToThem()
    {
        var message = Overdue();
        _answers.Enqueue(() => Answer(HttpStatusCode.Accepted));
        Answer(HttpStatusCode.ServiceUnavailable, 3);

        var first = await Sender().SendAsync(message);
        // Another worker, or this one after a restart: a sender of its own, the same log.
        var second = await Sender().SendAsync(message);

        Assert.Equal(SendOutcome.Transient, first.Outcome);
        Assert.Contains(People.Director.Email, first.Reason, StringComparison.Ordinal);
        Assert.Equal(SendResult.Sent, second);
        Assert.Equal(
            [People.Pmo.Email, People.Director.Email, People.Director.Email, People.Director.Email, People.Director.Email],
            _sent.Select(mail => mail.Personalizations[0].Tos[0].Email));
        Assert.Equal([People.Pmo.Email, People.Director.Email], (await _log.SentToAsync(message)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SendAsync_CancelledJustAfterACopyWasAccepted_StillRecordsIt()
    {
        using var stopping = new CancellationTokenSource();
        var message = Overdue();
        _answers.Enqueue(() =>
        {
            // The try's time runs out as SendGrid answers.
            stopping.Cancel();
            return Answer(HttpStatusCode.Accepted);
        });
        _answers.Enqueue(() => throw new TaskCanceledException());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender().SendAsync(message, stopping.Token));

        Assert.Equal([People.Pmo.Email], await _log.SentToAsync(message));
    }

    [Fact]
    public async Task SendAsync_Cancelled_StopsWithoutAnOutcome()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var client = new Mock<ISendGridClient>();
        client.Setup(c => c.SendEmailAsync(It.IsAny<SendGridMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TaskCanceledException());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Sender(client: client.Object).SendAsync(Cases.For(MessageKind.Reminder).Message.Build(), cancelled.Token));
    }

    private static OutboundMessage Overdue() => Cases.For(MessageKind.Overdue).Message.Build();

    private SendGridSender Sender(SendGridOptions? options = null, ISendGridClient? client = null) =>
        new(client ?? _client.Object, new MessageRenderer(NoMessageLinks.Instance), options ?? new SendGridOptions { FromEmail = "planning@england.nhs.uk" },
            _log, (delay, _) => { _delays.Add(delay); return Task.CompletedTask; }, NullLogger.Instance);

    private void Answer(HttpStatusCode status, int times, string body = "")
    {
        for (var i = 0; i < times; i++)
        {
            _answers.Enqueue(() => Answer(status, body));
        }
    }

    private static Response Answer(HttpStatusCode status, string body = "") =>
        new(status, new StringContent(body), null);
}
