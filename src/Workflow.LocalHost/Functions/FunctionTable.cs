using System.Reflection;

namespace Workflow.LocalHost.Functions;

/// <summary>
/// Every function found in the functions' assemblies, read from their attributes: the one route table the HTTP
/// endpoints are mapped from and the one list the Durable Task worker registers, comparable with the
/// <c>functions.metadata</c> the Functions SDK writes for the same assemblies.
/// </summary>
public sealed class FunctionTable
{
    private readonly Dictionary<string, FunctionMethod> _methods;

    private FunctionTable(string routePrefix, IEnumerable<(LocalFunction Function, FunctionMethod Method)> found)
    {
        RoutePrefix = routePrefix.Trim('/');
        var ordered = found.OrderBy(f => f.Function.Name, StringComparer.Ordinal).ToList();
        // The Functions host refuses two functions of one name (case aside), and so does this table.
        var duplicate = ordered.GroupBy(f => f.Function.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Function name '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(f => f.Function.EntryPoint))}.");
        }
        Functions = [.. ordered.Select(f => f.Function)];
        _methods = ordered.ToDictionary(f => f.Function.Name, f => f.Method, StringComparer.Ordinal);
    }

    /// <summary>host.json's <c>extensions.http.routePrefix</c>, without slashes; empty for none.</summary>
    public string RoutePrefix { get; }

    /// <summary>In name order.</summary>
    public IReadOnlyList<LocalFunction> Functions { get; }

    public static FunctionTable Discover(string routePrefix, params IEnumerable<Assembly> assemblies) =>
        new(routePrefix, FunctionDiscovery.Discover(assemblies));

    /// <summary>The functions of these types only, public or not.</summary>
    internal static FunctionTable DiscoverTypes(string routePrefix, params IEnumerable<Type> types) =>
        new(routePrefix, FunctionDiscovery.Discover(types));

    public IEnumerable<LocalFunction> WithTrigger(FunctionTrigger trigger) => Functions.Where(f => f.Trigger == trigger);

    /// <summary>The path an HTTP function answers on: the route prefix, then its route.</summary>
    public string PathOf(LocalFunction function) =>
        function.Route is not { } route ? throw new ArgumentException($"Function '{function.Name}' has no HTTP route.", nameof(function))
        : RoutePrefix.Length == 0 ? route
        : route.Length == 0 ? RoutePrefix
        : $"{RoutePrefix}/{route}";

    internal FunctionMethod MethodOf(LocalFunction function) => _methods[function.Name];
}
