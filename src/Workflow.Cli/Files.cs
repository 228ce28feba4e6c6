namespace Workflow.Cli;

/// <summary>Reads and creates the files a command is given, turning each failure into one line that names the path.</summary>
internal static class Files
{
    public static string? Read(string path, TextWriter errors)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: {path}: {Reason(path, ex, "read")}");
            return null;
        }
    }

    /// <summary>Creates (or empties) a file to write, and the folders it needs.</summary>
    public static FileStream? Create(string path, TextWriter errors)
    {
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }
            return File.Create(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: {path}: {Reason(path, ex, "written")}");
            return null;
        }
    }

    // Opening a folder as a file fails as "access denied" on Linux and macOS, which sends people looking at permissions.
    private static string Reason(string path, Exception ex, string verb) =>
        Directory.Exists(path) ? "is a folder, not a file" : $"cannot be {verb} ({ex.Message})";
}
