using System.Globalization;
using System.Text;

namespace Workflow.Core.Documents;

/// <summary>
/// The name to keep an uploaded document under, from the name the browser sent: no folders, no control or hidden
/// characters, nothing but letters, digits, hyphens, underscores and dots, of bounded length, with its extension.
/// </summary>
public static class DocumentNames
{
    /// <summary>The longest name kept before the extension.</summary>
    public const int MaxStemLength = 100;

    /// <summary>The name kept when nothing is left of the one sent: "document.pdf".</summary>
    public const string Fallback = "document";

    private const int MaxExtensionLength = 16;

    /// <summary>Names Windows keeps for devices, with any extension: a file saved as one of them cannot be opened there.</summary>
    private static readonly HashSet<string> Devices = new(
        ["CON", "PRN", "AUX", "NUL", .. Enumerable.Range(0, 10).SelectMany(n => new[] { $"COM{n}", $"LPT{n}" })],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// "Draft plan (v2).PDF" gives "Draft-plan-v2.pdf", "C:\Users\pmo\plan.pdf" gives "plan.pdf", ".pdf" gives
    /// "document.pdf": the last part of the name, each run of other characters a hyphen, the extension in lower case.
    /// </summary>
    public static string Safe(string? fileName)
    {
        var (stem, extension) = Split(fileName);
        // With no extension, a dot kept in the name would make its end read as one the next time the name is read.
        var safe = SafeStem(extension.Length > 0 ? stem : stem.Replace('.', '-'));
        if (safe.Length == 0)
        {
            safe = Fallback;
        }
        else if (Devices.Contains(safe.Split('.')[0]))
        {
            safe = $"{Fallback}-{safe}";
        }
        if (safe.Length > MaxStemLength)
        {
            // Cut between two characters, never inside one written as a surrogate pair.
            safe = Trimmed(safe[..(char.IsHighSurrogate(safe[MaxStemLength - 1]) ? MaxStemLength - 1 : MaxStemLength)]);
        }
        return safe + extension;
    }

    /// <summary>The extension <see cref="Safe"/> keeps, in lower case with its dot (".pdf"); "" when there is none.</summary>
    public static string Extension(string? fileName) => Split(fileName).Extension;

    private static (string Stem, string Extension) Split(string? fileName)
    {
        var name = PlainText.Line(fileName);
        // Browsers on Windows have sent the whole path; either separator ends a folder, whatever the server runs on.
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        // Windows drops trailing dots and spaces, so "plan.pdf. " opens there as plan.pdf.
        name = name.TrimEnd('.', ' ');
        var dot = name.LastIndexOf('.');
        var extension = dot < 0 ? "" : name[(dot + 1)..];
        return extension is { Length: > 0 and <= MaxExtensionLength } && extension.All(char.IsAsciiLetterOrDigit)
            ? (name[..dot], "." + extension.ToLowerInvariant())
            : (name, "");
    }

    private static string SafeStem(string stem)
    {
        var safe = new StringBuilder(stem.Length);
        foreach (var rune in stem.EnumerateRunes())
        {
            if (Kept(rune))
            {
                safe.Append(rune.ToString());
            }
            else if (safe.Length > 0 && safe[^1] != '-')
            {
                safe.Append('-');
            }
        }
        return Trimmed(safe.ToString());
    }

    /// <summary>Letters, with their accents, and digits in any script; underscores and dots. Anything else is a gap, written "-".</summary>
    private static bool Kept(Rune rune) => rune.Value is '_' or '.' || Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.DecimalDigitNumber;

    /// <summary>No leading dot (a hidden file), and no hyphen or dot at either end.</summary>
    private static string Trimmed(string stem) => stem.Trim('-', '.', '_');
}
