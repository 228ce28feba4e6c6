using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Notifications.SendGrid;
using Workflow.Notifications.Templates;

namespace Workflow.Notifications;

/// <summary>
/// Saves each message as a JSON file instead of sending it, for running locally: the subject, the recipients, and each
/// person's copy (HTML and text, with their link) as it would have been sent. The file is named after the message's
/// idempotency key, and a message whose file is there already is not written again, so a retried send (an activity
/// run again after a crash) leaves the one copy sent first; <see cref="MailDropReader"/> reads them back.
/// </summary>
public sealed class LocalMailDrop : IMessageSender
{
    /// <summary>The one delivery event the drop records of a copy, so a send tried again records nothing more.</summary>
    internal const string DeliveredEventId = "mail-drop:delivered";

    private readonly MessageRenderer _renderer;
    private readonly IDeliveryLog? _delivered;

    public LocalMailDrop(IOptions<MailDropOptions> options, MessageRenderer renderer)
        : this(options, renderer, null)
    {
    }

    /// <param name="delivered">Where the host keeps who has had each message, so what it shows of a delivery is as it would be in Azure.</param>
    public LocalMailDrop(IOptions<MailDropOptions> options, MessageRenderer renderer, IDeliveryLog? delivered)
    {
        ArgumentNullException.ThrowIfNull(options);
        Folder = Path.GetFullPath(options.Value.Folder);
        _renderer = renderer;
        _delivered = delivered;
    }

    /// <summary>Renders without links, as a host that has none would.</summary>
    public LocalMailDrop(IOptions<MailDropOptions> options)
        : this(options, new MessageRenderer(NoMessageLinks.Instance))
    {
    }

    public string Folder { get; }

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var path = Path.Combine(Folder, FileName(message));
        // The drop is the mail service here, and its file is the message sent: a try after a crash finds the file of the
        // try before it and sends nothing again, only noting those the crash left unrecorded.
        if (File.Exists(path))
        {
            IReadOnlySet<string> recorded = _delivered is null ? new HashSet<string>() : await _delivered.SentToAsync(message, cancellationToken);
            await RecordAsync(message, Deliveries.Of(message).Select(d => d.Recipient.Email).Where(e => !recorded.Contains(e)), cancellationToken);
            return SendResult.Sent;
        }
        var command = message.Command;
        var copies = Deliveries.Of(message).Select(delivery =>
        {
            var rendered = _renderer.Render(message, delivery.Recipient, delivery.Copied);
            return new MailDropCopy
            {
                Role = KebabNames.Of(delivery.Recipient.Role),
                Name = PlainText.Line(delivery.Recipient.Name),
                Email = delivery.Recipient.Email,
                Copied = delivery.Copied,
                Subject = rendered.Subject,
                Link = rendered.Link,
                Html = rendered.Html,
                Text = rendered.Text,
            };
        }).ToList();
        var entry = new MailDropEntry
        {
            Id = message.Id,
            At = command.At,
            Kind = KebabNames.Of(command.Kind),
            Instance = message.Instance.ToString(),
            System = message.SystemName,
            Round = message.RoundTitle,
            Subject = copies.FirstOrDefault()?.Subject ?? "",
            To = [.. message.To.Select(Address)],
            Copy = [.. message.Copy.Select(Address)],
            Milestone = command.Milestone?.Name(),
            Due = command.Due,
            PlanVersion = command.PlanVersion,
            Recipients = copies,
        };

        Directory.CreateDirectory(Folder);
        // Written aside, then moved over whole: a reader never sees half a file, and two sends of one message leave one.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await JsonSerializer.SerializeAsync(stream, entry, MailDropJson.Readable.MailDropEntry, cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        // Recipients are recorded only once the file is in place, so none of a message written just now is in the log yet.
        await RecordAsync(message, copies.Select(c => c.Email), cancellationToken);
        return SendResult.Sent;
    }

    /// <summary>
    /// Notes in the delivery log that each of <paramref name="emails"/> has had the message, and that it was delivered:
    /// the file is the inbox here, so what the mail service would say later is known at once.
    /// </summary>
    private async Task RecordAsync(OutboundMessage message, IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        if (_delivered is null)
        {
            return;
        }
        foreach (var email in emails.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            await _delivered.RecordSentAsync(message, email, cancellationToken);
            await _delivered.RecordStatusAsync(message, email, MailStatus.Delivered, DeliveredEventId, cancellationToken);
        }
    }

    /// <summary>When the message was decided, then a hash of its idempotency key: names sort oldest first.</summary>
    internal static string FileName(OutboundMessage message) =>
        $"{message.Command.At.UtcDateTime:yyyyMMdd'T'HHmmss}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.Id)))[..16]}.json";

    private static string Address(Recipient recipient) => $"{PlainText.Line(recipient.Name)} <{recipient.Email}>";
}
