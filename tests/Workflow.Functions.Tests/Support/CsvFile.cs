using System.Net;
using System.Text;

namespace Workflow.Functions.Tests.Support;

/// <summary>A CSV download as a spreadsheet would read it: its header, then its rows by column name.</summary>
internal sealed record CsvFile(HttpStatusCode Status, string? ContentType, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows, string Text)
{
    public static async Task<CsvFile> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        var records = response.IsSuccessStatusCode ? Parse(text.TrimStart('\uFEFF')) : [];
        var header = records.Count > 0 ? records[0] : [];
        var rows = records.Skip(1).Select(r => (IReadOnlyDictionary<string, string>)header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)).ToList();
        return new CsvFile(response.StatusCode, response.Content.Headers.ContentType?.MediaType, header, rows, text);
    }

    /// <summary>RFC 4180: fields split by commas, records by line breaks, a quoted field keeping both and doubling its quotes.</summary>
    private static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        return records;
    }
}
