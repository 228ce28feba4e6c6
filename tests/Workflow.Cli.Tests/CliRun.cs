using System.Text.Json.Nodes;

namespace Workflow.Cli.Tests;

/// <summary>Runs the tool in-process, as a person would from a shell, capturing what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Errors)
{
    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = Commands.Run(args, output, errors, interactive: false);
        return new CliRun(exit, output.ToString(), errors.ToString());
    }

    public static string Shipped(params string[] parts) => InputFiles.Shipped(parts);

    /// <summary>Writes a changed copy of a shipped JSON file to a temporary path.</summary>
    public static string Changed(string shipped, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(File.ReadAllText(shipped))!.AsObject();
        change(node);
        var path = Path.Combine(Path.GetTempPath(), $"workflow-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }
}
