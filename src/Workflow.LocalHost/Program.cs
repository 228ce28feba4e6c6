using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Workflow.LocalHost;

// Hosts the functions of the assemblies named in LocalHost:FunctionAssemblies (paths to built Functions apps).
var builder = WebApplication.CreateBuilder(args);
var assemblies = builder.Configuration.GetSection("LocalHost:FunctionAssemblies").Get<string[]>() ?? [];
builder.AddLocalFunctions([.. assemblies.Select(path => Assembly.LoadFrom(Path.GetFullPath(path)))]);
var app = builder.Build();
app.MapFunctions();
return await app.RunLocalAsync();
