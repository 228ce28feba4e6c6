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
        ArgumentNullException.ThrowIfNull(request);
        // Methods are case-sensitive: the router takes "head" for HEAD, and the file would be answered without the body
        // its length promises, since the server, rightly, does not.
        if (request.Method is not ("GET" or "HEAD"))
        {
            return Html.Problem(StatusCodes.Status405MethodNotAllowed, "Page not found", "There is no such page here.", "Use the link in your e-mail.");
        }
        if (path is null || !Files.Value.TryGetValue(path, out var file))
        {
            return Html.Problem(StatusCodes.Status404NotFound, "Page not found", "There is no such page here.", "Use the link in your e-mail.");
        }
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(file, ContentTypes[Path.GetExtension(file)]);
    }
}
