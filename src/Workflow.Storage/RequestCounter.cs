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
        Count(Classify(message.Request));
    }

    /// <summary>
    /// The policy for one service's clients. It names the service it was made for, since an address does not always
    /// tell: Azurite serves every service from 127.0.0.1 on whatever ports it is given.
    /// </summary>
    public HttpPipelinePolicy For(string service) => new ServiceCounter(this, service);

    /// <summary>Names a request like <c>table:batch</c>, <c>table:GET instances</c> or <c>queue:POST</c>.</summary>
    internal static string Classify(Request request, string? service = null)
    {
        var uri = request.Uri.ToUri();
        var port = uri.Port;
        var path = uri.AbsolutePath;
        service ??= uri.Host.Contains(".table.", StringComparison.Ordinal) || path.Contains("/Tables", StringComparison.Ordinal) || port == 10002 ? "table"
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

    private void Count(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private sealed class ServiceCounter(RequestCounter counter, string service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            ArgumentNullException.ThrowIfNull(message);
            counter.Count(Classify(message.Request, service));
        }
    }
}
