using System.Text.Json;

namespace Workflow.Core;

internal static class JsonFiles
{
    /// <summary>
    /// Round and scenario files are written by hand, so comments and trailing commas are allowed; everything that
    /// reads one uses these options, or a file that loads could fail to read a second time. A property given twice
    /// is refused: which of the two was meant cannot be known.
    /// </summary>
    public static JsonDocumentOptions Options { get; } = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false };
}
