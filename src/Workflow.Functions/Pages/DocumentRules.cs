namespace Workflow.Functions.Pages;

public enum ScanVerdict
{
    Clean,
    Infected,

    /// <summary>No scanner is configured; the document is kept and marked as not scanned.</summary>
    NotScanned,
}

/// <summary>The hook for a virus scanner (Microsoft Defender for Storage, or a scanning service) to check uploads.</summary>
public interface IDocumentScanner
{
    Task<ScanVerdict> ScanAsync(Stream content, string fileName, CancellationToken cancellationToken = default);
}

public sealed class NoDocumentScanner : IDocumentScanner
{
    public Task<ScanVerdict> ScanAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        Task.FromResult(ScanVerdict.NotScanned);
}

/// <summary>
/// How large an upload may be. Which kinds are accepted, and how a file's content must match its name, is the core's
/// rule (<see cref="Workflow.Core.Documents.UploadRules"/>).
/// </summary>
internal static class DocumentRules
{
    public const long MaxBytes = 20 * 1024 * 1024;
}
