using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflow.Core.Rounds;

namespace Workflow.Notifications;

/// <summary>
/// Saves each message as a JSON file instead of sending it, for running locally. The file is named after the
/// message's idempotency key, so a retried send overwrites rather than doubles.
/// </summary>
public sealed class LocalMailDrop(IOptions<MailDropOptions> options) : IMessageSender
{
    private readonly string _folder = Path.GetFullPath(options.Value.Folder);

    public string Folder => _folder;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(_folder);
        var command = message.Command;
        var name = $"{command.At.UtcDateTime:yyyyMMddTHHmmss}-{Hash(message.Id)}.json";
        var subject = Subject(message);
        await using var stream = File.Create(Path.Combine(_folder, name));
        await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("id", message.Id);
        json.WriteString("at", command.At);
        json.WriteString("kind", JsonNamingPolicy.KebabCaseLower.ConvertName(command.Kind.ToString()));
        json.WriteString("instance", message.Instance.ToString());
        json.WriteString("subject", subject);
        WriteRecipients(json, "to", message.To);
        WriteRecipients(json, "copy", message.Copy);
        if (command.Milestone is { } milestone)
        {
            json.WriteString("milestone", milestone.Name());
        }
        if (command.Due is { } due)
        {
            json.WriteString("due", due);
        }
        json.WriteEndObject();
        return SendResult.Sent;
    }

    private static string Subject(OutboundMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"{message.SystemName}: {JsonNamingPolicy.KebabCaseLower.ConvertName(message.Command.Kind.ToString()).Replace('-', ' ')} ({message.RoundTitle})");

    private static void WriteRecipients(Utf8JsonWriter json, string name, IEnumerable<Recipient> recipients)
    {
        json.WriteStartArray(name);
        foreach (var recipient in recipients)
        {
            json.WriteStringValue($"{recipient.Name} <{recipient.Email}>");
        }
        json.WriteEndArray();
    }

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16];
}
