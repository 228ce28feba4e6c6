using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Workflow.Notifications;

/// <summary>Reads back what <see cref="LocalMailDrop"/> saved, for a "sent mail" page.</summary>
public sealed partial class MailDropReader(IOptions<MailDropOptions> options)
{
    public string Folder { get; } = Path.GetFullPath(options?.Value.Folder ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>The newest messages first (by when they were decided), at most <paramref name="max"/> of them.</summary>
    public async Task<IReadOnlyList<MailDropEntry>> ListAsync(int max = 100, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        var names = Directory.EnumerateFiles(Folder, "*.json")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => MailFile().IsMatch(name))
            .OrderDescending(StringComparer.Ordinal)
            .Take(max);
        var entries = new List<MailDropEntry>();
        foreach (var name in names)
        {
            if (await ReadAsync(name, cancellationToken) is { } entry)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    /// <summary>One saved message by its file name, or null if there is no such file (or the name is not one the drop writes).</summary>
    public async Task<MailDropEntry?> ReadAsync(string file, CancellationToken cancellationToken = default)
    {
        if (file is null || !MailFile().IsMatch(file))
        {
            return null;
        }
        try
        {
            await using var stream = File.OpenRead(Path.Combine(Folder, file));
            var entry = await JsonSerializer.DeserializeAsync(stream, MailDropJson.Readable.MailDropEntry, cancellationToken);
            return entry is null ? null : entry with { File = file };
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^\d{8}T\d{6}-[0-9a-f]{16}\.json$")]
    private static partial Regex MailFile();
}
