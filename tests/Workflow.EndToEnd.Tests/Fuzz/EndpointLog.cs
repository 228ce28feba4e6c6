using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Which endpoint the service's router chose for each case, heard from the routing's diagnostic event: a function by
/// its name, the router's own "405" endpoint, or nothing at all (the router's 404, or the server refusing the request
/// before routing). It tells a function's refusal, which must say why, from the router's, which is the host's.
/// </summary>
internal sealed class EndpointLog : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string CaseHeader = "X-Fuzz-Case";

    private const string EndpointMatched = "Microsoft.AspNetCore.Routing.EndpointMatched";

    private readonly ConcurrentDictionary<int, string> _endpoints = new();
    private readonly IDisposable _subscription;

    public EndpointLog(DiagnosticListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _subscription = listener.Subscribe(this, name => name == EndpointMatched);
    }

    /// <summary>The display name of the endpoint the case reached; null when routing chose none.</summary>
    public string? EndpointOf(int caseNumber) => _endpoints.TryGetValue(caseNumber, out var name) ? name : null;

    /// <summary>As <see cref="EndpointOf"/>, forgetting it: a long run keeps no more than the requests still on their way.</summary>
    public string? Take(int caseNumber) => _endpoints.TryRemove(caseNumber, out var name) ? name : null;

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == EndpointMatched && value.Value is HttpContext context
            && int.TryParse(context.Request.Headers[CaseHeader], out var caseNumber))
        {
            _endpoints[caseNumber] = context.GetEndpoint()?.DisplayName ?? "";
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose() => _subscription.Dispose();
}
