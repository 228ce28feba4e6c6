namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// The hostile requests for one function: written for its route as it was (<see cref="Template"/> and <see cref="Methods"/>),
/// so a route that changes is noticed here as well as one that is new.
/// </summary>
internal sealed record RouteFuzzer(string Template, IReadOnlyList<string> Methods, Func<FuzzTargets, HttpRoute, IEnumerable<HostileRequest>> Cases);

/// <summary>The pieces most generators share: the route's values, spelt hostile one at a time; wrong methods; bad bodies and framing.</summary>
internal static class CaseKit
{
    private const int GeneralValuesPerParameter = 4;

    private const int OtherMethodsPerRoute = 2;

    /// <summary>
    /// For each route value in turn, hostile values (a sample of the general ones, from the seed, and all of those
    /// <paramref name="specific"/> to it), the others as <paramref name="defaults"/> give them.
    /// </summary>
    public static IEnumerable<HostileRequest> RouteValues(
        FuzzTargets targets, HttpRoute route, IReadOnlyDictionary<string, string> defaults, Func<HostileRequest, HostileRequest> finish,
        IReadOnlyDictionary<string, IReadOnlyList<(string What, string Value)>>? specific = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(finish);
        foreach (var parameter in route.Parameters)
        {
            var values = Sample(targets.Random, Hostile.RouteValues, GeneralValuesPerParameter)
                .Concat(Sample(targets.Random, Hostile.RawRouteValues, 1))
                .Concat(specific?.GetValueOrDefault(parameter) ?? []);
            foreach (var (what, value) in values)
            {
                var path = route.Path(new Dictionary<string, string>(defaults) { [parameter] = value });
                yield return finish(new HostileRequest(route.Function, $"{parameter}: {what}", route.Methods[0], path));
            }
        }
    }

    /// <summary>Methods the route does not take (a sample), and its own spelt in odd cases, on <paramref name="path"/>.</summary>
    public static IEnumerable<HostileRequest> Methods(FuzzTargets targets, HttpRoute route, string path, Func<HostileRequest, HostileRequest> finish)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(finish);
        foreach (var method in Sample(targets.Random, [.. Hostile.OtherMethods.Where(m => !route.Methods.Contains(m))], OtherMethodsPerRoute))
        {
            yield return finish(new HostileRequest(route.Function, "method it does not take", method, path));
        }
        foreach (var method in route.Methods.SelectMany(Hostile.OddCasings).Distinct(StringComparer.Ordinal))
        {
            yield return finish(new HostileRequest(route.Function, "its method in odd case", method, path));
        }
    }

    /// <summary>Each of <paramref name="bodies"/> on the route's own method.</summary>
    public static IEnumerable<HostileRequest> Bodies(HttpRoute route, string path, IEnumerable<HostileBody> bodies) =>
        bodies.Select(b => new HostileRequest(route.Function, "body: " + b.What, route.Methods[0], path) { Body = b.Bytes, ContentType = b.ContentType });

    /// <summary><paramref name="body"/> (refused for what it is, were it whole) framed in every broken way.</summary>
    public static IEnumerable<HostileRequest> Framings(HttpRoute route, string path, HostileBody body, Func<HostileRequest, HostileRequest>? finish = null) =>
        Hostile.BrokenFramings.Select(f => (finish ?? (r => r))(new HostileRequest(route.Function, $"framing: {f}", route.Methods[0], path)
        {
            Body = body.Bytes,
            ContentType = body.ContentType,
            Framing = f,
        }));

    /// <summary>
    /// <paramref name="body"/> with a Content-Length it never reaches, the client waiting: the server gives up on the
    /// body after its grace period (seconds), so this is tried on a few routes only.
    /// </summary>
    public static HostileRequest Stalled(HttpRoute route, string path, HostileBody body, bool withAntiforgeryCookie = false) =>
        new(route.Function, "framing: Stalled", route.Methods[0], path) { Body = body.Bytes, ContentType = body.ContentType, Framing = Framing.Stalled, WithAntiforgeryCookie = withAntiforgeryCookie };

    /// <summary>Query strings on a GET route, each with its own hostile values.</summary>
    public static IEnumerable<HostileRequest> Queries(HttpRoute route, string path, params string[] queries) =>
        queries.Select(q => new HostileRequest(route.Function, "query: " + q, route.Methods[0], $"{path}?{q}"));

    /// <summary>A sample of <paramref name="all"/>, from the seed, so every run sends the same ones.</summary>
    public static IEnumerable<T> Sample<T>(Random random, IReadOnlyList<T> all, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(all);
        return all.Select(item => (item, key: random.Next())).OrderBy(p => p.key).Take(count).Select(p => p.item);
    }
}
