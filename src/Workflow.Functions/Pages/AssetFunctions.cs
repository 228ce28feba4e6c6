using Microsoft.Azure.Functions.Worker;

namespace Workflow.Functions.Pages;

/// <summary>
/// The pages' styles and images, from the NHS.UK frontend package copied beside the app. Only the files there at start
/// are served, looked up by exact name, so no request can name a path outside the folder.
/// </summary>
public static class AssetFunctions
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "wwwroot", "assets");

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private static readonly Lazy<Dictionary<string, string>> Files = new(() => Directory.Exists(Folder)
        ? Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Where(f => ContentTypes.ContainsKey(Path.GetExtension(f)))
            .ToDictionary(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'), StringComparer.Ordinal)
        : []);

    [Function("Asset")]
    public static IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "assets/{*path}")] HttpRequest request, string path)
    {
        if (path is null || !Files.Value.TryGetValue(path, out var file))
        {
            return Results.NotFound();
        }
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(file, ContentTypes[Path.GetExtension(file)]);
    }
}
