using System.Globalization;
using System.Net;
using System.Text;
using CsvHelper;

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

    /// <summary>Read by CsvHelper's own parser, not the service's writer's settings, as another program would read it.</summary>
    private static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        using var reader = new StringReader(text);
        using var parser = new CsvParser(reader, CultureInfo.InvariantCulture);
        while (parser.Read())
        {
            records.Add(parser.Record!);
        }
        return records;
    }
}
