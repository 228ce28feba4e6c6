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
        ["SystemPage"] = new("dashboard/{round}/systems/{system}", ["GET"], SystemPage),
        ["DirectoryPage"] = new("dashboard/directory", ["GET"], (t, r) => [
            .. CaseKit.Methods(t, r, "/dashboard/directory", q => q),
            .. CaseKit.Queries(r, "/dashboard/directory", ["done=saved", $"done={Hostile.EncodedMarker}", "done=%00"]),
        ]),
        ["DirectoryExport"] = new("dashboard/directory.csv", ["GET"], (t, r) => CaseKit.Methods(t, r, "/dashboard/directory.csv", q => q)),
        ["DirectoryImport"] = new("dashboard/directory", ["POST"], DirectoryImport),
        ["DirectoryEditPage"] = new("dashboard/directory/{scope}", ["GET"], (t, r) => [
            .. CaseKit.Methods(t, r, $"/dashboard/directory/{FuzzHostFixture.Awaiting}", q => q),
            .. CaseKit.RouteValues(t, r, new Dictionary<string, string> { ["scope"] = FuzzHostFixture.Awaiting }, q => q,
                new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["scope"] = ApiValues.Systems }),
        ]),
        ["DirectoryEdit"] = new("dashboard/directory/{scope}", ["POST"], DirectoryEdit),
        ["SystemPageAction"] = new("dashboard/{round}/systems/{system}/{action}", ["POST"], SystemAction),
        ["SystemPageLink"] = new("dashboard/{round}/systems/{system}/links/reissue", ["POST"], SystemLink),
        ["TimetablePage"] = new("dashboard/{round}/timetable", ["GET"], (t, r) => [
            .. CaseKit.Methods(t, r, $"/dashboard/{AppHost.Round}/timetable", q => q),
            .. CaseKit.RouteValues(t, r, new Dictionary<string, string> { ["round"] = AppHost.Round }, q => q,
                new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds }),
        ]),
        ["TimetableChange"] = new("dashboard/{round}/timetable", ["POST"], TimetableChange),
        ["ActOnManyPage"] = new("dashboard/{round}/act", ["GET"], ActOnManyPage),
        ["ActOnMany"] = new("dashboard/{round}/act/{action}", ["POST"], ActOnMany),
        ["ForecastPage"] = new("dashboard/{round}/forecast", ["GET"], (t, r) => [
            .. CaseKit.Methods(t, r, $"/dashboard/{AppHost.Round}/forecast", q => q),
            .. CaseKit.RouteValues(t, r, new Dictionary<string, string> { ["round"] = AppHost.Round }, q => q,
                new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds }),
            .. CaseKit.Queries(r, $"/dashboard/{AppHost.Round}/forecast", ApiFuzzers.ForecastQueries),
        ]),
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
        "format=xlsx",
        "format=csv&format=csv",
        $"format=csv{Hostile.EncodedCrLf}",
        "stage=thinking&format=csv",
        "page=0",
        "page=-1",
        "page=abc",
        "page=1e3",
        "page=",
        "page=1&page=2",
        "page=%2B2",
        "page=%00",
        $"page={Hostile.EncodedMarker}",
        $"page={Hostile.Overlong(4000)}",
        "page=99999999999999999999",
        "page=4000",
        "only=failed-mail&page=2",
        "page=2&format=csv",
        "page=abc&format=csv",
    ];

    private static IEnumerable<HostileRequest> Round(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, $"/dashboard/{AppHost.Round}", q => q),
        .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["round"] = AppHost.Round }, q => q,
            new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds }),
        .. CaseKit.Queries(route, $"/dashboard/{AppHost.Round}", Filters),
    ];

    private static IEnumerable<HostileRequest> SystemPage(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, $"/dashboard/{AppHost.Round}/systems/{FuzzHostFixture.Awaiting}", q => q),
        .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["round"] = AppHost.Round, ["system"] = FuzzHostFixture.Awaiting }, q => q,
            new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds, ["system"] = ApiValues.Systems }),
        .. CaseKit.Queries(route, $"/dashboard/{AppHost.Round}/systems/{FuzzHostFixture.Awaiting}", ["done=extend", $"done={Hostile.EncodedMarker}", "done=%00"]),
    ];

    /// <summary>Timetable previews and confirmations sent without the page's anti-forgery token, so each is refused and changes nothing.</summary>
    private static IEnumerable<HostileRequest> TimetableChange(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, $"/dashboard/{AppHost.Round}/timetable", q => q),
        .. CaseKit.Bodies(route, $"/dashboard/{AppHost.Round}/timetable", [
            FormBodies.Form("a preview without its token", $"action=preview&key=abc&reason={Hostile.EncodedMarker}"),
            FormBodies.Form("a confirmation without its token", "action=confirm&key=abc"),
        ]),
    ];

    /// <summary>Contacts files sent without the page's anti-forgery token, so each is refused and changes nothing.</summary>
    private static IEnumerable<HostileRequest> DirectoryImport(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, "/dashboard/directory", q => q),
        .. CaseKit.Bodies(route, "/dashboard/directory", [
            FormBodies.Form("an import as a plain form", $"version=1&key=abc&file={Hostile.EncodedMarker}"),
        ]),
    ];

    /// <summary>A system's contacts sent without the page's anti-forgery token, so each is refused and changes nothing.</summary>
    private static IEnumerable<HostileRequest> DirectoryEdit(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, $"/dashboard/directory/{FuzzHostFixture.Awaiting}", q => q),
        .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["scope"] = FuzzHostFixture.Awaiting }, q => q,
            new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["scope"] = ApiValues.Systems }),
        .. CaseKit.Bodies(route, $"/dashboard/directory/{FuzzHostFixture.Awaiting}", [
            FormBodies.Form("contacts without a token", $"pmo-0-name={Hostile.EncodedMarker}&pmo-0-email=x%40example.org&version=1&key=abc"),
        ]),
    ];

    /// <summary>Every action's form sent without the page's anti-forgery token, so each is refused and changes nothing.</summary>
    private static IEnumerable<HostileRequest> SystemAction(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, $"/dashboard/{AppHost.Round}/systems/{FuzzHostFixture.Awaiting}/suspend", q => q),
        .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["round"] = AppHost.Round, ["system"] = FuzzHostFixture.Awaiting, ["action"] = "withdraw" }, q => q,
            new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds, ["system"] = ApiValues.Systems }),
        .. CaseKit.Bodies(route, $"/dashboard/{AppHost.Round}/systems/{FuzzHostFixture.Awaiting}/withdraw", [
            FormBodies.Form("withdrawal confirmed without a token", "withdraw-reason=x&confirm=yes&key=abc"),
            FormBodies.Form("extension without a token", $"milestone=final&newDue-day=31&newDue-month=02&newDue-year=2020&extend-reason={Hostile.EncodedMarker}&key=abc"),
        ]),
    ];

    private static IEnumerable<HostileRequest> SystemLink(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, $"/dashboard/{AppHost.Round}/systems/{FuzzHostFixture.Awaiting}/links/reissue", q => q),
        .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["round"] = AppHost.Round, ["system"] = FuzzHostFixture.Awaiting }, q => q,
            new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds, ["system"] = ApiValues.Systems }),
        .. CaseKit.Bodies(route, $"/dashboard/{AppHost.Round}/systems/{FuzzHostFixture.Awaiting}/links/reissue", [
            FormBodies.Form("a new link without a token", $"person=pmo.{FuzzHostFixture.Awaiting.ToLowerInvariant()}@example.org&link-reason={Hostile.EncodedMarker}&key=abc"),
            FormBodies.Form("a new link for someone outside the directory", $"person=someone{Hostile.EncodedCrLf}@example.org&link-reason=x&key=abc"),
        ]),
    ];

    private static IEnumerable<HostileRequest> ActOnManyPage(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, $"/dashboard/{AppHost.Round}/act", q => q),
        .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["round"] = AppHost.Round }, q => q,
            new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds }),
        .. CaseKit.Queries(route, $"/dashboard/{AppHost.Round}/act", Filters),
    ];

    /// <summary>Every action's form for a filtered set sent without the page's anti-forgery token, so each is refused and changes nothing.</summary>
    private static IEnumerable<HostileRequest> ActOnMany(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, $"/dashboard/{AppHost.Round}/act/suspend", q => q),
        .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["round"] = AppHost.Round, ["action"] = "withdraw" }, q => q,
            new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds }),
        .. CaseKit.Queries(route, $"/dashboard/{AppHost.Round}/act/suspend", Filters),
        .. CaseKit.Bodies(route, $"/dashboard/{AppHost.Round}/act/withdraw?only=overdue", [
            FormBodies.Form("withdrawal of many confirmed without a token", "withdraw-reason=x&confirm=yes&key=abc"),
            FormBodies.Form("extension of many without a token", $"milestone=final&newDue-day=31&newDue-month=02&newDue-year=2020&extend-reason={Hostile.EncodedMarker}&key=abc"),
        ]),
    ];
}
