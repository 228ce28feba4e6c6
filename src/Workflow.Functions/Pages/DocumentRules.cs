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

/// <summary>What may be uploaded: office documents, PDFs and spreadsheets, up to 20 MB.</summary>
internal static class DocumentRules
{
    public const long MaxBytes = 20 * 1024 * 1024;

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
        [".csv"] = "text/csv",
    };

    public static string Allowed => string.Join(", ", Types.Keys);

    /// <summary>The content type to store the file under, or null when its kind is not accepted.</summary>
    public static string? ContentTypeOf(string fileName) => Types.GetValueOrDefault(Path.GetExtension(fileName));
}
