using Microsoft.Extensions.Configuration;

namespace Workflow.LocalHost.Functions;

/// <summary>The one setting of the Functions app's <c>host.json</c> this host needs: the HTTP route prefix.</summary>
public static class HostJson
{
    /// <summary>What the Functions host uses when host.json names no prefix.</summary>
    public const string DefaultRoutePrefix = "api";

    /// <summary>
    /// The route prefix, taken as the Functions host takes it: an app setting
    /// <c>AzureFunctionsJobHost:extensions:http:routePrefix</c> first, then host.json, then "api". An empty
    /// string is a prefix too: none.
    /// </summary>
    public static string RoutePrefix(IConfiguration settings, string hostJsonPath)
    {
        var hostJson = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(hostJsonPath), optional: true).Build();
        return settings["AzureFunctionsJobHost:extensions:http:routePrefix"]
            ?? hostJson["extensions:http:routePrefix"]
            ?? DefaultRoutePrefix;
    }
}
