using System.Text;

namespace Workflow.Core.Directory;

/// <summary>Just enough CSV for the reference files: a header row, commas, double-quoted fields with "" for a quote.</summary>
internal static class Csv
{
    public static IEnumerable<(int Line, IReadOnlyDictionary<string, string> Row)> Read(string text)
    {
        string[]? header = null;
        foreach (var (line, fields) in ReadFields(text))
        {
            if (header is null)
            {
                header = fields;
                continue;
            }
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var f = 0; f < header.Length; f++)
            {
                row[header[f]] = f < fields.Length ? fields[f] : "";
            }
            yield return (line, row);
        }
    }

    /// <summary>Every line that is not blank, the header first, as its fields and its line number.</summary>
    public static IEnumerable<(int Line, string[] Fields)> ReadFields(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                yield return (i + 1, Split(lines[i]));
            }
        }
    }

    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
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
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString().Trim());
        return [.. fields];
    }
}
