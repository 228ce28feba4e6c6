using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using System.Net.Http.Headers;
using Workflow.Core;

namespace Workflow.Storage;

/// <summary>A stored document as it is sent back: its content, its type, and the name it was uploaded under.</summary>
public sealed record StoredDocument(Stream Content, string ContentType, string FileName);

/// <summary>Submitted plan documents in the <c>plans</c> container, at <c>{round}/{system}/{stage}/{time}-{file}</c>.</summary>
public sealed class PlanDocuments(StorageAccount account)
{
    private readonly BlobContainerClient _container = account.Plans;

    /// <summary>
    /// Stores a document and returns its name in the container; <paramref name="fileName"/> (already made safe) is kept
    /// with it, so a download is named as the upload was.
    /// </summary>
    public async Task<string> UploadAsync(
        InstanceId instance, string stage, string fileName, string contentType, Stream content, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        // The random part keeps two uploads of one file in one second apart, so removing one never removes the other.
        var name = $"{instance.Round}/{instance.System}/{stage}/{at.UtcDateTime:yyyyMMdd'T'HHmmss}-{Guid.NewGuid().ToString("N")[..8]}-{SafeName(fileName)}";
        await _container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders
        {
            ContentType = contentType,
            ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString(),
        } }, cancellationToken);
        return name;
    }

    /// <summary>The document's content, or null when there is no such document for the instance.</summary>
    public async Task<StoredDocument?> OpenAsync(InstanceId instance, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith($"{instance.Round}/{instance.System}/", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            var download = await _container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken);
            var details = download.Value.Details;
            // A document stored before names were kept goes by its name in the container.
            var fileName = ContentDispositionHeaderValue.TryParse(details.ContentDisposition, out var disposition)
                ? disposition.FileNameStar ?? disposition.FileName?.Trim('"')
                : null;
            return new StoredDocument(download.Value.Content, details.ContentType ?? "application/octet-stream", fileName ?? Path.GetFileName(name));
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

    /// <summary>The name made safe as the core makes names safe, then kept to ASCII, as every blob name here is.</summary>
    internal static string SafeName(string fileName) =>
        new([.. Workflow.Core.Documents.DocumentNames.Safe(fileName).Select(c => char.IsAscii(c) ? c : '-')]);
}
