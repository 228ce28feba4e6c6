using System.Globalization;
using System.Net;
using global::SendGrid;
using global::SendGrid.Helpers.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Notifications.Templates;

namespace Workflow.Notifications.SendGrid;

/// <summary>
/// Sends a message through SendGrid as one e-mail per person (each rendered for them), in a fixed order. Throttling
/// (429) and server errors (5xx) are retried a few times within the call, then reported as transient; any other
/// refusal is final. Each copy SendGrid accepts is recorded in the delivery log at once, so a retry after a partial
/// failure, on any worker or after a restart, sends only to those not yet sent to. Each e-mail carries the outbox id
/// and the instance in its custom args, so SendGrid's activity feed and event webhook can be traced back to the
/// outbox row.
/// </summary>
public sealed partial class SendGridSender : IMessageSender
{
    internal const int MaxAttempts = 3;
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private const int MaxBodyInReason = 500;

    private readonly ISendGridClient _client;
    private readonly MessageRenderer _renderer;
    private readonly SendGridOptions _options;
    private readonly IDeliveryLog _delivered;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly ILogger _logger;

    public SendGridSender(
        ISendGridClient client, MessageRenderer renderer, IOptions<SendGridOptions> options, IDeliveryLog delivered, TimeProvider time, ILogger<SendGridSender> logger)
        : this(client, renderer, options is null ? throw new ArgumentNullException(nameof(options)) : options.Value, delivered, (delay, cancellationToken) => Task.Delay(delay, time, cancellationToken), logger)
    {
    }

    /// <param name="delay">Waits between tries; tests pass one that returns at once.</param>
    internal SendGridSender(
        ISendGridClient client, MessageRenderer renderer, SendGridOptions options, IDeliveryLog delivered, Func<TimeSpan, CancellationToken, Task> delay, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_client, _renderer, _options, _delivered, _delay, _logger) = (client, renderer, options, delivered, delay, logger);
    }

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sentTo = await _delivered.SentToAsync(message, cancellationToken);
        foreach (var delivery in Deliveries.Of(message))
        {
            var email = delivery.Recipient.Email;
            if (sentTo.Contains(email))
            {
                continue;
            }
            var result = await SendOneAsync(Build(message, delivery), cancellationToken);
            if (result.Outcome == SendOutcome.Sent)
            {
                // Recorded even if the try's time has just run out: SendGrid has the copy, and no later try may send it again.
                await _delivered.RecordSentAsync(message, email, CancellationToken.None);
                continue;
            }
            var reason = $"{email} ({KebabNames.Of(delivery.Recipient.Role)}): {result.Reason}";
            Log.NotSent(_logger, message.Id, delivery.Position, result.Outcome, reason);
            return result with { Reason = reason };
        }
        return SendResult.Sent;
    }

    internal SendGridMessage Build(OutboundMessage message, Delivery delivery)
    {
        var rendered = _renderer.Render(message, delivery.Recipient, delivery.Copied);
        var mail = new SendGridMessage
        {
            From = new EmailAddress(_options.FromEmail, _options.FromName),
            Subject = rendered.Subject,
            PlainTextContent = rendered.Text,
            HtmlContent = rendered.Html,
        };
        // The name goes into the To header, which SendGrid writes: it must stay one line, like the subject.
        mail.AddTo(new EmailAddress(delivery.Recipient.Email, PlainText.Line(delivery.Recipient.Name)));
        List<string> categories = [KebabNames.Of(message.Command.Kind), message.Instance.Round.Value];
        if (message.Command.Milestone is { } milestone)
        {
            categories.Add(Core.Rounds.Milestones.Name(milestone));
        }
        mail.AddCategories(categories);
        // Message-wide custom args: SendGrid returns them with every event (delivered, bounced…) for this e-mail.
        mail.CustomArgs = new Dictionary<string, string>
        {
            ["outbox_id"] = message.Id,
            ["command_id"] = message.Command.Id,
            ["idempotency_key"] = message.Id,
            ["instance"] = message.Instance.ToString(),
            ["delivery"] = $"{message.Id}#{delivery.Position.ToString(CultureInfo.InvariantCulture)}",
            ["recipient_role"] = KebabNames.Of(delivery.Recipient.Role),
            ["copied"] = delivery.Copied ? "true" : "false",
        };
        // Signed personal links must reach the reader as they are, and the mail holds no images: no tracking.
        mail.SetClickTracking(false, false);
        mail.SetOpenTracking(false);
        if (_options.SandboxMode)
        {
            mail.SetSandBoxMode(true);
        }
        return mail;
    }

    private async Task<SendResult> SendOneAsync(SendGridMessage mail, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var (result, retry) = await TryOnceAsync(mail, cancellationToken);
            if (!retry || attempt == MaxAttempts)
            {
                return retry ? result with { Reason = $"{result.Reason} (after {attempt} tries)" } : result;
            }
            Log.Retrying(_logger, attempt, delay, result.Reason);
            await _delay(delay, cancellationToken);
            delay *= 2;
        }
    }

    private async Task<(SendResult Result, bool Retry)> TryOnceAsync(SendGridMessage mail, CancellationToken cancellationToken)
    {
        Response response;
        try
        {
            response = await _client.SendEmailAsync(mail, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return (new SendResult(SendOutcome.Transient, $"SendGrid could not be reached: {ex.Message}"), true);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (new SendResult(SendOutcome.Transient, $"SendGrid did not answer in time: {ex.Message}"), true);
        }
        if (response.IsSuccessStatusCode)
        {
            return (SendResult.Sent, false);
        }
        var status = (int)response.StatusCode;
        var reason = $"SendGrid answered {status.ToString(CultureInfo.InvariantCulture)} {response.StatusCode}: {await BodyAsync(response, cancellationToken)}";
        return status == (int)HttpStatusCode.TooManyRequests || status >= 500
            ? (new SendResult(SendOutcome.Transient, reason), true)
            : (new SendResult(SendOutcome.Rejected, reason), false);
    }

    private static async Task<string> BodyAsync(Response response, CancellationToken cancellationToken)
    {
        var body = response.Body is null ? "" : (await response.Body.ReadAsStringAsync(cancellationToken)).Trim();
        return body.Length <= MaxBodyInReason ? body : body[..MaxBodyInReason] + "…";
    }

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Warning, "SendGrid try {Attempt} failed; trying again in {Delay}: {Reason}")]
        public static partial void Retrying(ILogger logger, int attempt, TimeSpan delay, string? reason);

        [LoggerMessage(102, LogLevel.Warning, "Message {MessageId} not sent to recipient {Position} ({Outcome}): {Reason}")]
        public static partial void NotSent(ILogger logger, string messageId, int position, SendOutcome outcome, string reason);
    }
}
