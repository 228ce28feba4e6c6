using Workflow.Core.Directory;

namespace Workflow.Core.Tests.Support;

/// <summary>The shipped regions, systems and demo contacts.</summary>
internal static class TestDirectory
{
    public static string RegionsCsv { get; } = TestFiles.Read("data", "regions-2019.csv");

    public static string SystemsCsv { get; } = TestFiles.Read("data", "systems-2019.csv");

    public static string ContactsJson { get; } = TestFiles.Read("data", "contacts-demo.json");

    public static Loaded<SystemDirectory> Parse(string? regions = null, string? systems = null, string? contacts = null) =>
        SystemDirectory.Parse(regions ?? RegionsCsv, systems ?? SystemsCsv, contacts ?? ContactsJson);
}
