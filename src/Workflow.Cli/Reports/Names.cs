using System.Text.Json;

namespace Workflow.Cli.Reports;

/// <summary>The words reports use for the engine's enums: kebab-case in JSON, plain English in text.</summary>
internal static class Names
{
    public static string Kebab<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string Words<T>(T value)
        where T : struct, Enum => Kebab(value).Replace('-', ' ');
}
