using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Functions.Orchestration;
using Workflow.Notifications.SendGrid;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Journal;

namespace Workflow.Functions.Api;

/// <summary>
/// SendGrid's signed event webhook: what became of each copy it was given. Each delivery event is kept on its copy's
/// row in the deliveries table, and a copy that bounced or was dropped is a <see cref="DeliveryFailed"/> on its
/// instance, raised under SendGrid's event id, so a post SendGrid sends again raises nothing more.
/// </summary>
public sealed class MailEventsFunctions(
    IOptions<SendGridOptions> options, DeliveryStore deliveries, JournalStore journal, InstanceActions actions, TimeProvider time, ILogger<MailEventsFunctions> logger)
{
    /// <summary>SendGrid batches events into posts well under this; anything larger is refused unread.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Anonymous to the Functions host, since SendGrid cannot send a function key: the signature over the raw body is
    /// what proves a post came from SendGrid, so it is checked before the body is read as JSON. Answered 2xx once read,
    /// even when some events are for nothing this service knows, since SendGrid posts a whole batch again on any other
    /// answer.
    /// </summary>
    [Function("MailEvents")]
    public async Task<IResult> ReceiveAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/mail/events")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var key = options.Value.EventWebhookPublicKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            return Http.NotFound("This service takes no mail events: SendGrid:EventWebhookPublicKey is not set, so no post could be proved to be SendGrid's.");
        }
        var (body, error) = await Http.ReadBytesAsync(request, MaxBodyBytes, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var refusal = new EventWebhookSignature(key).Check(
            request.Headers[EventWebhookSignature.SignatureHeader], request.Headers[EventWebhookSignature.TimestampHeader], body, time.GetUtcNow());
        if (refusal is not null)
        {
            return Results.Problem(title: "Not signed by SendGrid", detail: $"The post is refused: {refusal}.", statusCode: StatusCodes.Status401Unauthorized);
        }
        IReadOnlyList<MailEvent> events;
        try
        {
            events = MailEvents.Parse(body);
        }
        catch (JsonException ex)
        {
            return Http.BadRequest($"The body must be SendGrid's JSON array of events: {ex.Message}");
        }

        var (recorded, skipped) = (0, 0);
        var issued = new Dictionary<InstanceId, IReadOnlyDictionary<string, Command>?>();
        foreach (var happened in events)
        {
            if (!issued.TryGetValue(happened.Instance, out var commands))
            {
                commands = issued[happened.Instance] = await IssuedAsync(happened.Instance, cancellationToken);
            }
            if (commands is null || !commands.TryGetValue(happened.CommandId, out var command))
            {
                Log.MailEventSkipped(logger, happened.EventId, happened.Instance, happened.CommandId);
                skipped++;
                continue;
            }
            if (await deliveries.RecordStatusAsync(happened.Instance, command.Id, happened.Email, happened.Status, happened.At, happened.EventId, happened.Reason, cancellationToken))
            {
                recorded++;
            }
            // Raised whenever the copy stands failed, not only when this post changed it: a post sent again after a
            // crash between the two still raises it, and the instance applies the event id once.
            if (happened.Status.IsFailure() && await deliveries.StatusAsync(happened.Instance, command.Id, happened.Email, cancellationToken) is { } status && status.IsFailure())
            {
                await RaiseFailureAsync(client, happened, command, cancellationToken);
            }
        }
        return Results.Ok(new MailEventsView(events.Count, recorded, skipped));
    }

    /// <summary>The commands an instance has issued, by id; null for an instance this service does not have.</summary>
    private async Task<IReadOnlyDictionary<string, Command>?> IssuedAsync(InstanceId id, CancellationToken cancellationToken)
    {
        if (await journal.GetAsync(id, cancellationToken) is null)
        {
            return null;
        }
        return (await journal.ReadAsync(id, cancellationToken))
            .Where(e => e.Refusal is null).Select(e => e.Event).OfType<CommandIssued>()
            .Select(i => i.Command).DistinctBy(c => c.Id).ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    private async Task RaiseFailureAsync(DurableTaskClient client, MailEvent happened, Command command, CancellationToken cancellationToken)
    {
        var reason = $"{happened.Email}: the mail service said it {(happened.Status == MailStatus.Bounced ? "bounced" : "was dropped")}"
            + (string.IsNullOrWhiteSpace(happened.Reason) ? "" : $" ({happened.Reason})");
        var result = await actions.RaiseAsync(client, happened.Instance, $"mail-event:{happened.EventId}",
            (_, now) => new DeliveryFailed(now, command, reason) { Recipient = happened.Recipient }, cancellationToken);
        Log.DeliveryFailureRaised(logger, happened.Instance, command.Id, happened.EventId, result?.Outcome ?? RaiseOutcome.NotFound, result?.Refusal);
    }
}
