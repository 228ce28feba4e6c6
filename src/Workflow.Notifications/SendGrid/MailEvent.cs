using System.Text.Json;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.SendGrid;

/// <summary>
/// One event from SendGrid's event webhook, traced back to the copy it is about by the custom args the sender put on
/// every e-mail (the instance and the command id) and the address it went to.
/// </summary>
public sealed record MailEvent(string EventId, InstanceId Instance, string CommandId, string Email, MailStatus Status, DateTimeOffset At, string? Reason, Role? Recipient);

public static class MailEvents
{
    /// <summary>
    /// The events of a webhook post that are about a message this service sent, in the order SendGrid sent them.
    /// Kinds that say nothing of delivery (processed, open, click…) and events for mail sent by others are left out.
    /// </summary>
    /// <exception cref="JsonException">The body is not a JSON array of objects.</exception>
    public static IReadOnlyList<MailEvent> Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the body must be a JSON array of events");
        }
        var events = new List<MailEvent>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("each event must be a JSON object");
            }
            if (Read(item) is { } known)
            {
                events.Add(known);
            }
        }
        return events;
    }

    private static MailEvent? Read(JsonElement item)
    {
        MailStatus? status = Text(item, "event") switch
        {
            "delivered" => MailStatus.Delivered,
            "deferred" => MailStatus.Deferred,
            "bounce" => MailStatus.Bounced,
            "dropped" => MailStatus.Dropped,
            _ => null,
        };
        if (status is null || Text(item, "sg_event_id") is not { Length: > 0 } eventId || Text(item, "email") is not { Length: > 0 } email
            || Text(item, "command_id") is not { Length: > 0 } commandId || !InstanceId.TryParse(Text(item, "instance"), out var instance)
            || !item.TryGetProperty("timestamp", out var stamp) || !stamp.TryGetInt64(out var seconds)
            || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }
        return new MailEvent(eventId, instance, commandId, email, status.Value, DateTimeOffset.FromUnixTimeSeconds(seconds), Text(item, "reason") ?? Text(item, "response"),
            Enum.GetValues<Role>().Cast<Role?>().FirstOrDefault(r => KebabNames.Of(r!.Value) == Text(item, "recipient_role")));
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
