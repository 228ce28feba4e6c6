using System.Text;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Random hostile text for the random variants, drawn from the run's generator: unicode that is odd but valid (it can go
/// in a JSON string or a form), bytes that are not UTF-8 at all (for bodies and targets), and either percent-encoded.
/// </summary>
internal static class Texts
{
    /// <summary>Valid UTF-16 that trips naive handling: combining marks, zero-width and direction characters, case folding, controls, line breaks.</summary>
    private static readonly string[] Unicode =
    [
        "\u00e9", "e\u0301", "\u200b", "\u202e", "\u2066", "\ufeff", "\U0001F4A9", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\u0000", "\u001b[31m",
        "\u2028", "\u2029", "\u0085", "\u00a0", "\uff25\uff15\uff14", "\u0130", "\u0131", "\u00df", "\ufffd", "\uffff", "\u03a3", "\u0661\u0662",
        "\r", "\n", "\r\n", "\t", "\u007f", "\u0008", Hostile.Marker, Hostile.CrLf, "'", "\"", "\\", "%", "%00", "&", "=", "+", ";", "|", "#", "?", "/",
        "../", "..\\", "*", "{", "}", "[", "]", "$", "@", "~", "\u0410", "\u4e2d\u6587", "\u05e9\u05dc\u05d5\u05dd", "\u0e01\u0e33",
    ];

    /// <summary>Byte sequences no UTF-8 reader should take: overlong, surrogate, past U+10FFFF, cut short, stray continuation bytes.</summary>
    private static readonly byte[][] NotUtf8 =
    [
        [0xC0, 0xAE], [0xC0, 0x80], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xFF], [0xFE], [0xE2, 0x82], [0x80], [0xBF, 0xBF], [0xC3],
    ];

    /// <summary>One to four pieces of hostile text, sometimes around ordinary words, sometimes long.</summary>
    public static string Text(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            text.Append(random.Next(10) switch
            {
                < 5 => Unicode[random.Next(Unicode.Length)],
                < 7 => Ascii(random, random.Next(1, 12)),
                8 => new string((char)random.Next('a', 'z' + 1), random.Next(300, 5000)),
                _ => char.ConvertFromUtf32(random.Next(0x20, 0x2FFFF) is var c && c is >= 0xD800 and <= 0xDFFF ? 0x41 : c),
            });
        }
        return text.ToString();
    }

    /// <summary>Hostile bytes: UTF-8 of <see cref="Text"/>, with bytes that are not UTF-8 among them half the time.</summary>
    public static byte[] Bytes(Random random)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Text(random)));
        if (random.Next(2) == 0)
        {
            bytes.InsertRange(random.Next(bytes.Count + 1), NotUtf8[random.Next(NotUtf8.Length)]);
        }
        return [.. bytes];
    }

    /// <summary>As a route value or query value on the wire: unreserved characters as they are, every other byte percent-encoded.</summary>
    public static string Encoded(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'
            ? ((char)b).ToString()
            : $"%{b:X2}"));

    public static string Encoded(string text) => Encoded(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// <paramref name="word"/> changed so that it is never the word itself, nor the same word in another case, nor the
    /// word after a byte order mark: a multipart part that starts with one is read in the encoding it marks, so the mark
    /// is not part of the value and the form would rightly take the word.
    /// </summary>
    public static string NotQuite(Random random, string word)
    {
        var changed = random.Next(6) switch
        {
            0 => word.ToUpperInvariant(),
            1 => word + Unicode[random.Next(Unicode.Length)],
            2 => Unicode[random.Next(Unicode.Length)] + word,
            3 => word.Length > 1 ? word.Remove(random.Next(word.Length), 1) : "",
            4 => word.Insert(random.Next(word.Length + 1), Unicode[random.Next(Unicode.Length)]),
            _ => Text(random),
        };
        return changed.TrimStart('\ufeff').Equals(word, StringComparison.OrdinalIgnoreCase) ? word + "\u200b" : changed;
    }

    private static string Ascii(Random random, int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(0x21, 0x7F))]);
}
