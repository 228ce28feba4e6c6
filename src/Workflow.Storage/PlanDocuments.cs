using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Workflow.Core;

namespace Workflow.Storage;

/// <summary>Submitted plan documents in the <c>plans</c> container, at <c>{round}/{system}/{stage}/{time}-{file}</c>.</summary>
public sealed class PlanDocuments(StorageAccount account)
{
    private readonly BlobContainerClient _container = account.Plans;

    /// <summary>Stores a document and returns its name in the container.</summary>
    public async Task<string> UploadAsync(
        InstanceId instance, string stage, string fileName, string contentType, Stream content, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        // The random part keeps two uploads of one file in one second apart, so removing one never removes the other.
        var name = $"{instance.Round}/{instance.System}/{stage}/{at.UtcDateTime:yyyyMMdd'T'HHmmss}-{Guid.NewGuid().ToString("N")[..8]}-{SafeName(fileName)}";
        await _container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
        return name;
    }

    /// <summary>The document's content, or null when there is no such document for the instance.</summary>
    public async Task<(Stream Content, string ContentType)?> OpenAsync(InstanceId instance, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith($"{instance.Round}/{instance.System}/", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            var download = await _container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return (download.Value.Content, download.Value.Details.ContentType ?? "application/octet-stream");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Removes a document of the instance, if it is there.</summary>
    public async Task DeleteAsync(InstanceId instance, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith($"{instance.Round}/{instance.System}/", StringComparison.Ordinal))
        {
            await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>A file name reduced to letters, digits, dots, hyphens and underscores, so it cannot walk the container.</summary>
    internal static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-')]).Trim('.', '-');
        return safe.Length == 0 ? "document" : safe[..Math.Min(safe.Length, 120)];
    }
}
