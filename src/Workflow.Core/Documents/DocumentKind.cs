namespace Workflow.Core.Documents;

/// <summary>
/// A kind of document that may be uploaded: office documents, PDFs and spreadsheets. A file is of a kind when both its
/// name's extension and its first bytes say so (see <see cref="UploadRules"/>).
/// </summary>
public sealed record DocumentKind
{
    private DocumentKind(string extension, string contentType, string description, DocumentFormat format) =>
        (Extension, ContentType, Description, Format) = (extension, contentType, description, format);

    /// <summary>".pdf": lower case, with its dot.</summary>
    public string Extension { get; }

    /// <summary>The content type to store and serve the document under.</summary>
    public string ContentType { get; }

    /// <summary>The kind in words, for a sentence: "a PDF".</summary>
    public string Description { get; }

    internal DocumentFormat Format { get; }

    public static IReadOnlyList<DocumentKind> All { get; } =
    [
        new(".pdf", "application/pdf", "a PDF", DocumentFormat.Pdf),
        new(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document", DocumentFormat.Zip),
        new(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "an Excel workbook", DocumentFormat.Zip),
        new(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "a PowerPoint presentation", DocumentFormat.Zip),
        new(".odt", "application/vnd.oasis.opendocument.text", "an OpenDocument text document", DocumentFormat.Zip),
        new(".ods", "application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet", DocumentFormat.Zip),
        new(".csv", "text/csv", "a CSV file saved as UTF-8", DocumentFormat.Utf8Text),
    ];

    /// <summary>".pdf, .docx, …": every accepted extension, for a hint or an error message.</summary>
    public static string Allowed { get; } = string.Join(", ", All.Select(kind => kind.Extension));

    /// <summary>The kind with this extension (".pdf", in any case), or null when no kind has it.</summary>
    public static DocumentKind? ForExtension(string? extension) =>
        All.FirstOrDefault(kind => string.Equals(kind.Extension, extension, StringComparison.OrdinalIgnoreCase));
}

/// <summary>How the content of a kind of document begins.</summary>
internal enum DocumentFormat
{
    /// <summary>"%PDF-".</summary>
    Pdf,

    /// <summary>A zip archive's first entry ("PK\x03\x04"): the container of Office Open XML and OpenDocument files.</summary>
    Zip,

    /// <summary>UTF-8 text: no NULs or other control characters but tabs and line breaks, and not markup.</summary>
    Utf8Text,
}
