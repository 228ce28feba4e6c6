namespace Workflow.Core;

/// <summary>
/// Where a plan is held or published, as people give it: an absolute http or https address of bounded length, with no
/// spaces or control characters. The same rule for the API and the pages, since the address goes into mail, pages and
/// the header of a document's redirect.
/// </summary>
public static class WebAddress
{
    public const int MaxLength = 2000;

    public static bool TryParse(string? text, out Uri address)
    {
        address = null!;
        return text is { Length: > 0 and <= MaxLength }
            && !text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            && Uri.TryCreate(text, UriKind.Absolute, out address!)
            && address.Scheme is "https" or "http";
    }
}
