using Azure;
using Azure.Storage.Queues;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// One storage request before anything starts. The storage clients behind the task hub retry an unreachable account
/// for a long time; this asks once, so a missing Azurite is one clear line at once.
/// </summary>
internal static class StorageProbe
{
    /// <summary>
    /// A missing Azurite refuses the connection at once; a running one on a busy machine can take several seconds to
    /// answer, and that is no reason to stop.
    /// </summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task EnsureReachableAsync(StorageConnection connection, CancellationToken cancellationToken)
    {
        var options = new QueueClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = Timeout } };
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
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException(
                $"Storage '{connection.Name}' at {queues.Uri} is unreachable ({FirstLine(ex.Message)}); start Azurite with scripts/azurite.sh.",
                ex);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
