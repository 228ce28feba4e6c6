using Workflow.EndToEnd.Tests.Support;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// The dashboard's pages: a round named in the path and filters in the query, each of which the page either shows or
/// refuses with a page of its own; nothing it is sent changes anything.
/// </summary>
internal static class DashboardFuzzers
{
    public static IReadOnlyDictionary<string, RouteFuzzer> All { get; } = new Dictionary<string, RouteFuzzer>(StringComparer.Ordinal)
    {
        ["DashboardHome"] = new("dashboard", ["GET"], (t, r) => CaseKit.Methods(t, r, "/dashboard", q => q)),
        ["Dashboard"] = new("dashboard/{round}", ["GET"], Round),
    };

    private static readonly string[] Filters =
    [
        "region=E40999999",
        "region=E40000003&region=E40000005",
        $"region={Hostile.EncodedMarker}",
        "stage=thinking",
        "stage=Drafting",
        "stage=final-due&stage=agreed",
        "only=everything",
        "only=overdue&only=overdue&only=failed-mail",
        $"only={Hostile.EncodedMarker}",
        $"region={Hostile.Overlong(4000)}",
        "region=%00",
    ];

    private static IEnumerable<HostileRequest> Round(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, $"/dashboard/{AppHost.Round}", q => q),
        .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["round"] = AppHost.Round }, q => q,
            new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds }),
        .. CaseKit.Queries(route, $"/dashboard/{AppHost.Round}", Filters),
    ];
}
