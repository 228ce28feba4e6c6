using System.Text.Json;

namespace Workflow.Core;

internal static class JsonFiles
{
    /// <summary>
    /// Round and scenario files are written by hand, so comments and trailing commas are allowed; everything that
    /// reads one uses these options, or a file that loads could fail to read a second time.
    /// </summary>
    public static JsonDocumentOptions Options { get; } = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
}
