using System.Reflection;
using Microsoft.AspNetCore.Builder;

namespace Workflow.LocalHost;

/// <summary>
/// Hosts the functions of the assemblies named in LocalHost:FunctionAssemblies (paths to built Functions apps). A class
/// of its own name, so a project that references both this and a Functions app meets one <c>Program</c>.
/// </summary>
public static class LocalHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var assemblies = builder.Configuration.GetSection("LocalHost:FunctionAssemblies").Get<string[]>() ?? [];
        builder.AddLocalFunctions([.. assemblies.Select(path => Assembly.LoadFrom(Path.GetFullPath(path)))]);
        var app = builder.Build();
        app.MapFunctions();
        return await app.RunLocalAsync();
    }
}
