using System.Collections.Immutable;
using System.Text;

namespace Workflow.Core.Directory;

/// <summary>
/// The directory's contacts as a file people edit in a spreadsheet: one row a person, with the columns of
/// <see cref="ContactRules.Columns"/>. What an export writes an import reads back unchanged.
/// </summary>
public static class ContactCsv
{
    public static string Write(IEnumerable<Contact> contacts)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', ContactRules.Columns)).Append("\r\n");
        foreach (var c in contacts.OrderBy(c => c.Role).ThenBy(c => c.Scope, StringComparer.Ordinal).ThenBy(c => c.Email, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(string.Join(',', Field(ContactRules.RoleName(c.Role)), Field(c.Scope), Field(c.Name), Field(c.Email))).Append("\r\n");
        }
        return text.ToString();
    }

    /// <summary>The whole directory's contacts as the file lists them, or every problem with the file and its rows.</summary>
    public static Loaded<IReadOnlyList<Contact>> Read(SystemDirectory directory, string text)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<Problem>();
        // A spreadsheet may save the file with a byte-order mark, which is not part of the first column's name.
        var rows = Csv.ReadFields(text.TrimStart('\uFEFF')).ToList();
        if (rows.Count == 0)
        {
            return Loaded.Failure<IReadOnlyList<Contact>>([new Problem("line 1", $"the file is empty; its first line names the columns: {string.Join(",", ContactRules.Columns)}")]);
        }
        var (headerLine, header) = rows[0];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (!ContactRules.Columns.Contains(header[i]))
            {
                problems.Add(new Problem($"line {headerLine}, column {i + 1}", $"'{header[i]}' is not a column; the columns are {string.Join(", ", ContactRules.Columns)}"));
            }
            else if (!index.TryAdd(header[i], i))
            {
                problems.Add(new Problem($"line {headerLine}, column {i + 1}", $"column {header[i]} is named twice"));
            }
        }
        foreach (var missing in ContactRules.Columns.Where(c => !index.ContainsKey(c)))
        {
            problems.Add(new Problem($"line {headerLine}", $"column {missing} is missing"));
        }
        if (problems.Count > 0)
        {
            return Loaded.Failure<IReadOnlyList<Contact>>(problems);
        }
        var proposed = new List<ProposedContact>();
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Length != header.Length)
            {
                problems.Add(new Problem($"line {line}", $"the line has {fields.Length} fields where the first line names {header.Length}"));
                continue;
            }
            proposed.Add(new ProposedContact(fields[index["role"]], fields[index["scope"]], fields[index["name"]], fields[index["email"]], new CsvLine(line)));
        }
        var result = ContactRules.Replace(directory, [.. ContactRules.Scopes(directory)], proposed, _ => "the file");
        return problems.Count > 0 ? Loaded.Failure<IReadOnlyList<Contact>>(problems.Concat(result.Problems).OrderBy(Line)) : result;

        static int Line(Problem problem) => problem.Path.StartsWith("line ", StringComparison.Ordinal)
            && int.TryParse(problem.Path.AsSpan(5, problem.Path.IndexOf(',') is > 5 and var comma ? comma - 5 : problem.Path.Length - 5), out var n) ? n : int.MaxValue;
    }

    /// <summary>A field quoted when it must be, so commas and quotes in names survive the round trip.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value != value.Trim() ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
