using Azure;
using Azure.Storage.Queues;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// One storage request, asked once. The storage clients behind the task hub retry an unreachable account for a long
/// time; this asks once, so a missing Azurite is one clear line at once.
/// </summary>
internal static class StorageProbe
{
    /// <summary>
    /// A missing Azurite refuses the connection at once; a running one on a busy machine can take several seconds to
    /// answer, and that is no reason not to start.
    /// </summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Before anything starts: throws, with one line, when the storage does not answer.</summary>
    public static async Task EnsureReachableAsync(StorageConnection connection, CancellationToken cancellationToken)
    {
        if (await UnreachableAsync(connection, StartTimeout, cancellationToken) is { } unreachable)
        {
            throw new StorageUnavailableException($"{unreachable}; start Azurite with scripts/azurite.sh.");
        }
    }

    /// <summary>
    /// Null when the storage answers within <paramref name="timeout"/>; otherwise one line saying which storage, where, and
    /// why it does not.
    /// </summary>
    public static async Task<string?> UnreachableAsync(StorageConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var options = new QueueClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = timeout } };
        QueueServiceClient queues;
        try
        {
            queues = new QueueServiceClient(connection.ConnectionString, options);
        }
        catch (FormatException ex)
        {
            throw new StorageUnavailableException($"Storage connection '{connection.Name}' is not a valid connection string: {ex.Message}", ex);
        }
        try
        {
            await queues.GetPropertiesAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"Storage '{connection.Name}' at {queues.Uri} is unreachable ({FirstLine(ex.Message)})";
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
