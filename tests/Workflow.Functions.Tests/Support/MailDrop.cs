using System.Collections.Concurrent;
using System.Text.Json;

namespace Workflow.Functions.Tests.Support;

/// <summary>One message the local mail drop saved.</summary>
/// <param name="Recipients">The address of each person's own copy, in the order they were sent.</param>
internal sealed record DroppedMail(
    string File, string Id, string Kind, string Instance, string? Milestone, DateTimeOffset At, IReadOnlyList<string> To, IReadOnlyList<string> Recipients);

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
                [.. root.GetProperty("to").EnumerateArray().Select(t => t.GetString()!)],
                [.. root.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("email").GetString()!)]);
        })];
    }
}

/// <summary>
/// Counts each time a message's file is put in place in the mail drop, in this process, so it outlives any number of
/// host processes killed and started again. The drop names a file after its message and moves it over whole, so a
/// message written twice leaves one file; counting the moves is how a test sees a second send. Watch before the host
/// starts: what happened before is not counted.
/// </summary>
internal sealed class MailDropWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly ConcurrentDictionary<string, int> _written = new(StringComparer.Ordinal);
    private Exception? _error;

    public MailDropWatcher(string folder)
    {
        Directory.CreateDirectory(folder);
        // Names only: the drop's writes raise no events, so the largest buffer holds some hundreds of sends unread.
        _watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.FileName, InternalBufferSize = 64 * 1024 };
        _watcher.Created += (_, e) => Count(e.Name);
        _watcher.Renamed += (_, e) => Count(e.Name);
        _watcher.Error += (_, e) => _error ??= e.GetException();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>How many times each message file was put in place, by file name.</summary>
    public IReadOnlyDictionary<string, int> Written
    {
        get
        {
            // Missed events would make a count too low and hide a second send: a test cannot pass on that.
            if (_error is { } error)
            {
                throw new InvalidOperationException("The mail drop's watcher missed events.", error);
            }
            return new Dictionary<string, int>(_written, StringComparer.Ordinal);
        }
    }

    public void Dispose() => _watcher.Dispose();

    private void Count(string? name)
    {
        if (name is not null && name.EndsWith(".json", StringComparison.Ordinal))
        {
            _written.AddOrUpdate(name, 1, (_, n) => n + 1);
        }
    }
}
