using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Pages;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>One HTTP function as its attributes declare it: its name, route (with the host's prefix) and methods, upper case.</summary>
internal sealed record HttpRoute(string Function, string Template, IReadOnlyList<string> Methods)
{
    public IReadOnlyList<string> Parameters => [.. RoutePatternFactory.Parse(Template).Parameters.Select(p => p.Name)];

    public bool IsApi => Template.StartsWith("api/", StringComparison.Ordinal) || Template == "api";

    /// <summary>A subscribed calendar's address, which a calendar program reads: it refuses in plain text, not with a page.</summary>
    public bool IsCalendarAddress => !IsApi && Template.EndsWith(".ics", StringComparison.Ordinal);

    /// <summary>
    /// The target for these route values (each already as it goes on the wire, percent-encoding and all), in the
    /// template's place for each parameter; a constraint or catch-all marker goes with it.
    /// </summary>
    public string Path(IReadOnlyDictionary<string, string> values) =>
        "/" + string.Join('/', RoutePatternFactory.Parse(Template).PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => values[parameter.Name],
            _ => throw new NotSupportedException($"Route {Template} has a part the fuzzer does not fill."),
        }))));

    public override string ToString() => $"{string.Join(",", Methods)} {Template}";
}

/// <summary>
/// Every HTTP function of the service, read from its <c>[Function]</c> methods' <c>[HttpTrigger]</c> attributes, as the
/// Functions host and the local host read them: a function added is a route here without anyone listing it.
/// </summary>
internal static class HttpRoutes
{
    public static IReadOnlyList<HttpRoute> Of(Assembly functions, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var prefix = routePrefix.Trim('/');
        return [.. functions.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(method => (Function: method.GetCustomAttribute<FunctionAttribute>(), Trigger: method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)))
            .Where(found => found.Function is not null && found.Trigger is not null)
            .Select(found =>
            {
                var route = (found.Trigger!.Route ?? found.Function!.Name).Trim('/');
                return new HttpRoute(
                    found.Function!.Name,
                    prefix.Length == 0 ? route : route.Length == 0 ? prefix : $"{prefix}/{route}",
                    [.. (found.Trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal)]);
            })
            .OrderBy(r => r.Function, StringComparer.Ordinal)];
    }

    public static IReadOnlyList<HttpRoute> OfTheService(string routePrefix) => Of(typeof(LinkFunctions).Assembly, routePrefix);
}
