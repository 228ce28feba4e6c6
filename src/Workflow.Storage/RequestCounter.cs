using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Workflow.Storage;

/// <summary>
/// Counts the requests every storage client sends, by service and kind (a table batch counts once), so the
/// cost of a round can be measured rather than guessed.
/// </summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public long this[string kind] => _counts.GetValueOrDefault(kind);

    public void Reset() => _counts.Clear();

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _counts.AddOrUpdate(Classify(message.Request), 1, (_, n) => n + 1);
    }

    /// <summary>Names a request like <c>table:batch</c>, <c>table:GET instances</c> or <c>queue:POST</c>.</summary>
    internal static string Classify(Request request)
    {
        var uri = request.Uri.ToUri();
        var port = uri.Port;
        var path = uri.AbsolutePath;
        var service = uri.Host.Contains(".table.", StringComparison.Ordinal) || path.Contains("/Tables", StringComparison.Ordinal) || port == 10002 ? "table"
            : uri.Host.Contains(".queue.", StringComparison.Ordinal) || port == 10001 ? "queue"
            : "blob";
        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            return $"{service}:batch";
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length == 0 ? "" : segments[^1];
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        resource = paren > 0 ? resource[..paren] : resource;
        return service == "table" ? $"table:{request.Method} {resource}" : $"{service}:{request.Method}";
    }
}
