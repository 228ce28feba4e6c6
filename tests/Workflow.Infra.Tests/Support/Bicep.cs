using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Workflow.Testing;

namespace Workflow.Infra.Tests.Support;

/// <summary>What the Bicep CLI said: its exit code and both streams.</summary>
internal sealed record BicepRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\n{Errors}{Output}";
}

/// <summary>The Bicep CLI that the test project's restore brought from NuGet, run on the repository's infra files.</summary>
internal static class Bicep
{
    private static readonly Lazy<string> Executable = new(() =>
    {
        var path = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Bicep").Value!;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The Bicep CLI is not at {path}; restore the test project (it is a PackageDownload).");
        }
        // NuGet does not keep file modes: the binary (a Linux one) comes out of the package without its executable bit.
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        return path;
    });

    public static string Infra(string file) => RepositoryFiles.PathOf("infra", file);

    public static async Task<BicepRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The CLI would otherwise look for newer versions and module registries over the network.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new BicepRun(process.ExitCode, await output, await errors);
    }

    /// <summary>main.bicep compiled to the ARM template Azure deploys, compiled once for all tests.</summary>
    public static Task<JsonObject> TemplateAsync() => Template.Value;

    private static readonly Lazy<Task<JsonObject>> Template = new(async () =>
    {
        var run = await RunAsync(null, "build", Infra("main.bicep"), "--stdout");
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonNode.Parse(run.Output)!.AsObject();
    });

    public static IEnumerable<JsonObject> Resources(this JsonObject template, string type) =>
        template["resources"]!.AsArray().Select(r => r!.AsObject()).Where(r => r["type"]!.GetValue<string>() == type);

    /// <summary>The Function App's settings, name to value (an ARM expression where Azure fills it in).</summary>
    public static async Task<Dictionary<string, string>> AppSettingsAsync()
    {
        var app = Assert.Single((await TemplateAsync()).Resources("Microsoft.Web/sites"));
        return app["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.ToString(), StringComparer.Ordinal);
    }

    /// <summary>Role assignments of one of the template's <c>roles</c>, given to the Function App's own identity.</summary>
    public static IEnumerable<JsonObject> AssignmentsToTheApp(this JsonObject template, string role) =>
        template.Resources("Microsoft.Authorization/roleAssignments").Where(r =>
            r["properties"]!["roleDefinitionId"]!.GetValue<string>().Contains($"variables('roles').{role})", StringComparison.Ordinal)
            && r["properties"]!["principalId"]!.GetValue<string>().Contains("resourceId('Microsoft.Web/sites', variables('appName'))", StringComparison.Ordinal));
}
