using CsvHelper;

namespace Workflow.Functions.Exports;

/// <summary>
/// Every CSV the service hands out, written the one way: UTF-8 with a byte order mark, because Excel otherwise reads
/// the file in the local code page and garbles names; RFC 4180 quoting, so commas, quotes and line breaks stay inside
/// their cell; and any cell Excel would take for a formula made plain text, since names, reasons and comments are typed
/// by people outside the national team.
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    // The writer's defaults already take = + - @, tab and carriage return as the start of a formula, and a quote to
    // escape one with, as OWASP recommends; they are left as they are rather than listed again here.
    private static readonly CsvWriterOptions Options = new()
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    /// <summary>The file's bytes: a header line, then a line per row; a row of another length than the header throws.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            csv.WriteHeader([.. header]);
            foreach (var row in rows)
            {
                csv.WriteRecord([.. row]);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The answer an HTTP route gives for a CSV file, offered for download under <paramref name="fileName"/>.</summary>
    public static IResult Result(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        Results.File(Write(header, rows), ContentType, fileName);
}
