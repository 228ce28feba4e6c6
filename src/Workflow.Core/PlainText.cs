using System.Text;

namespace Workflow.Core;

/// <summary>
/// What people write (names, comments, feedback, notices, reasons), made fit to be shown again as text: in a mail's
/// subject or body, or anywhere a stray control character could end a line or turn text around. A line is one line;
/// a block keeps the writer's line breaks, and nothing else that is not text.
/// </summary>
public static class PlainText
{
    private enum Kind
    {
        Text,

        /// <summary>A tab: a space on any line.</summary>
        Gap,

        /// <summary>Any way of ending a line: a space in a line, a line break in a block.</summary>
        Break,

        /// <summary>Control and direction characters: they show nothing, so they are left out.</summary>
        Hidden,
    }

    /// <summary>Whether the text is on one line as it was written: no control character and no line or paragraph separator.</summary>
    public static bool IsOneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029');
    }

    /// <summary>
    /// The text as one line: line breaks and tabs become a space (a run of them one space), every other control or
    /// direction-changing character is left out, and the ends are trimmed. Null gives "".
    /// </summary>
    public static string Line(string? text) => text is null ? "" : Clean(text, stopAtBreak: false, out _).Trim();

    /// <summary>
    /// The text as lines joined by "\n": each line cleaned as <see cref="Line"/> would (though its indent is kept),
    /// the trailing spaces of each dropped, blank lines at either end dropped, and several blank lines in a row kept
    /// as one. Null gives "".
    /// </summary>
    public static string Block(string? text)
    {
        if (text is null)
        {
            return "";
        }
        var lines = new List<string>();
        var rest = text.AsSpan();
        while (true)
        {
            var line = Clean(rest, stopAtBreak: true, out var taken).TrimEnd();
            if (line.Length > 0 || (lines.Count > 0 && lines[^1].Length > 0))
            {
                lines.Add(line);
            }
            if (taken == rest.Length)
            {
                break;
            }
            rest = rest[taken..];
            // "\r\n" is one line break, not two.
            rest = rest[(rest.StartsWith("\r\n") ? 2 : 1)..];
        }
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return string.Join('\n', lines);
    }

    /// <summary>
    /// The text cleaned up to its first line break when <paramref name="stopAtBreak"/>, else all of it with its breaks
    /// as gaps; <paramref name="taken"/> says how far it read.
    /// </summary>
    private static string Clean(ReadOnlySpan<char> text, bool stopAtBreak, out int taken)
    {
        var clean = new StringBuilder(text.Length);
        var gap = false;
        taken = 0;
        while (taken < text.Length)
        {
            // An unpaired surrogate reads as the replacement character, so what comes out can always be encoded.
            Rune.DecodeFromUtf16(text[taken..], out var rune, out var width);
            var kind = KindOf(rune);
            if (kind == Kind.Break && stopAtBreak)
            {
                break;
            }
            taken += width;
            switch (kind)
            {
                case Kind.Gap or Kind.Break:
                    gap = true;
                    break;
                case Kind.Text when gap && rune.Value == ' ':
                    break;
                case Kind.Text:
                    if (gap && (clean.Length == 0 || clean[^1] != ' '))
                    {
                        clean.Append(' ');
                    }
                    gap = false;
                    clean.Append(rune.ToString());
                    break;
            }
        }
        return clean.ToString();
    }

    private static Kind KindOf(Rune rune) => rune.Value switch
    {
        '\t' => Kind.Gap,
        '\n' or '\v' or '\f' or '\r' or 0x85 or 0x2028 or 0x2029 => Kind.Break,
        < 0x20 or (>= 0x7F and <= 0x9F) => Kind.Hidden,
        // Embeddings and overrides (U+202A to U+202E) and isolates (U+2066 to U+2069) can make text read backwards.
        (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) => Kind.Hidden,
        _ => Kind.Text,
    };
}
