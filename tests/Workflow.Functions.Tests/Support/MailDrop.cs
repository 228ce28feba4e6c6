using System.Text.Json;

namespace Workflow.Functions.Tests.Support;

/// <summary>One message the local mail drop saved.</summary>
internal sealed record DroppedMail(string File, string Id, string Kind, string Instance, string? Milestone, DateTimeOffset At, IReadOnlyList<string> To);

/// <summary>What the local mail drop holds: one JSON file per message sent.</summary>
internal static class MailDrop
{
    public static IReadOnlyList<DroppedMail> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(file =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            return new DroppedMail(
                Path.GetFileName(file),
                root.GetProperty("id").GetString()!,
                root.GetProperty("kind").GetString()!,
                root.GetProperty("instance").GetString()!,
                root.TryGetProperty("milestone", out var milestone) ? milestone.GetString() : null,
                root.GetProperty("at").GetDateTimeOffset(),
                [.. root.GetProperty("to").EnumerateArray().Select(t => t.GetString()!)]);
        })];
    }
}
