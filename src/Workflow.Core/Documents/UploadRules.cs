using System.Buffers;
using System.Text;

namespace Workflow.Core.Documents;

/// <summary>
/// Whether an upload may be kept, from its name and its first bytes: its extension must be of an accepted
/// <see cref="DocumentKind"/>, and its content must begin as that kind does. A name alone proves nothing: an
/// executable or a web page can be called "plan.pdf", and would then be served back as a document.
/// </summary>
public static class UploadRules
{
    /// <summary>How much of the start of a file the rules read; give at least this much when the file is longer.</summary>
    public const int HeadLength = 8 * 1024;

    private static ReadOnlySpan<byte> PdfStart => "%PDF-"u8;

    private static ReadOnlySpan<byte> ZipStart => [0x50, 0x4B, 0x03, 0x04];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Blank => " \t\r\n"u8;

    /// <param name="head">The first <see cref="HeadLength"/> bytes of the file, or all of it when it is shorter.</param>
    public static UploadCheck Check(string? fileName, ReadOnlySpan<byte> head)
    {
        if (DocumentKind.ForExtension(DocumentNames.Extension(fileName)) is not { } kind)
        {
            return new UploadRefused(UploadRefusal.KindNotAccepted, $"The selected file must be one of {DocumentKind.Allowed}");
        }
        if (head.IsEmpty)
        {
            return new UploadRefused(UploadRefusal.Empty, "The selected file is empty");
        }
        head = head[..Math.Min(head.Length, HeadLength)];
        var matches = kind.Format switch
        {
            DocumentFormat.Pdf => head.StartsWith(PdfStart),
            DocumentFormat.Zip => head.StartsWith(ZipStart),
            _ => IsUtf8Text(head),
        };
        return matches
            ? new UploadAccepted(kind, DocumentNames.Safe(fileName))
            : new UploadRefused(UploadRefusal.ContentNotOfItsKind, $"The selected file is named {kind.Extension} but is not {kind.Description}");
    }

    /// <summary>
    /// UTF-8 text, with or without a byte order mark, holding no control character but tabs and line breaks (a NUL
    /// means a binary file, or text in UTF-16), and not starting as markup does: no CSV starts with "&lt;", but a web
    /// page does. A character cut short at the very end is the head's end, not an error.
    /// </summary>
    private static bool IsUtf8Text(ReadOnlySpan<byte> head)
    {
        var text = head.StartsWith(Utf8Bom) ? head[Utf8Bom.Length..] : head;
        if (text.TrimStart(Blank) is [(byte)'<', ..])
        {
            return false;
        }
        while (!text.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(text, out var rune, out var read);
            if (status == OperationStatus.NeedMoreData)
            {
                return true;
            }
            if (status != OperationStatus.Done || (Rune.IsControl(rune) && rune.Value is not ('\t' or '\r' or '\n')))
            {
                return false;
            }
            text = text[read..];
        }
        return true;
    }
}
