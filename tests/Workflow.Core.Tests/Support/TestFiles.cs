namespace Workflow.Core.Tests.Support;

/// <summary>The repository's own reference files, so tests check the data that ships, not a copy of it.</summary>
internal static class TestFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts]));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Workflow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Workflow.sln above {AppContext.BaseDirectory}.");
    }
}
