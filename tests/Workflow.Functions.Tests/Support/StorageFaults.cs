using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Fails the storage requests a test picks, as an account under strain fails some now and then: the request never
/// reaches storage, and the caller gets a 503 as the SDK reports one after its retries.
/// </summary>
internal sealed class StorageFaults : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private Func<Request, bool>? _match;
    private int _remaining;

    /// <summary>Fails the next <paramref name="times"/> requests that <paramref name="match"/> picks.</summary>
    public void FailNext(Func<Request, bool> match, int times = 1)
    {
        lock (_gate)
        {
            (_match, _remaining) = (match, times);
        }
    }

    /// <summary>Whether the request is for one table row whose key starts with <paramref name="rowKeyPrefix"/>.</summary>
    public static bool Touches(Request request, string rowKeyPrefix)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Uri.UnescapeDataString(request.Uri.ToUri().AbsolutePath).Contains($"RowKey='{rowKeyPrefix}", StringComparison.Ordinal);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Fail(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Fail(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Fail(HttpMessage message)
    {
        lock (_gate)
        {
            if (_remaining == 0 || _match?.Invoke(message.Request) != true)
            {
                return;
            }
            _remaining--;
        }
        throw new RequestFailedException(503, "The server is busy.");
    }
}
