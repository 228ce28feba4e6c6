using Workflow.Core;
using Workflow.Core.Calendar;
using Workflow.EndToEnd.Tests.Support;
using Workflow.Functions.SignIn;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// The calendars page and the subscription addresses it hands out. An address is the only authorisation a calendar
/// program has, so tokens that must serve nothing: cut, padded, another kind of token, and tokens protected with the
/// service's own key over fields the page would never write, or for a person or a feed the directory does not back.
/// </summary>
internal static class FeedFuzzers
{
    public static IReadOnlyDictionary<string, RouteFuzzer> All { get; } = new Dictionary<string, RouteFuzzer>(StringComparer.Ordinal)
    {
        ["CalendarsPage"] = new("dashboard/{round}/calendars", ["GET"], (t, r) => [
            .. CaseKit.Methods(t, r, $"/dashboard/{AppHost.Round}/calendars", q => q),
            .. CaseKit.RouteValues(t, r, new Dictionary<string, string> { ["round"] = AppHost.Round }, q => q,
                new Dictionary<string, IReadOnlyList<(string What, string Value)>> { ["round"] = ApiValues.Rounds }),
            .. CaseKit.Queries(r, $"/dashboard/{AppHost.Round}/calendars", $"q={Hostile.EncodedMarker}", "%00=%00"),
        ]),
        ["SubscribedCalendar"] = new("feeds/{subscription}.ics", ["GET"], Subscribed),
    };

    /// <summary>
    /// Tokens that are not a subscription address as the page makes one, each with the one answer it must get (none for
    /// one too long for the server to pass on).
    /// </summary>
    public static IReadOnlyList<(string What, string Value, int? Status)> Tokens(FuzzTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var genuine = targets.FeedToken;
        var pmo = targets.Host.Pmo(FuzzHostFixture.Awaiting).Email;
        var round = new RoundId(AppHost.Round);
        string Fields(string person, string feed, string issued = "0", string? roundId = null) =>
            targets.ProtectedFeed($"?person={Uri.EscapeDataString(person)}&round={roundId ?? AppHost.Round}&feed={feed}&issued={issued}");
        return
        [
            ("cut short", genuine[..^5], 404),
            ("padded", genuine + "%3D", 404),
            ("with white space", genuine + "%20", 404),
            ("with a dot", genuine + ".x", 404),
            ("a link token", targets.DecideToken, 404),
            ("2,100 characters", new string('A', 2100), 404),
            ("9,000 characters", new string('A', 9000), null),
            ("protected: nothing in it", targets.ProtectedFeed(""), 404),
            ("protected: no person", Fields("", FuzzHostFixture.Awaiting), 404),
            ("protected: two people", targets.ProtectedFeed($"?person={pmo}&person=x%40example.org&round={AppHost.Round}&feed={FuzzHostFixture.Awaiting}&issued=0"), 404),
            ("protected: a feed that is no code", Fields(pmo, "../E54000010"), 404),
            ("protected: a feed in lower case", Fields(pmo, "e54000010"), 404),
            ("protected: a round with a slash", Fields(pmo, FuzzHostFixture.Awaiting, roundId: "2019%2F20"), 404),
            ("protected: a round not stored", Fields(pmo, FuzzHostFixture.Awaiting, roundId: "2020-21"), 404),
            ("protected: issued past any date", Fields(pmo, FuzzHostFixture.Awaiting, issued: "99999999999999999"), 404),
            ("protected: issued before any date", Fields(pmo, FuzzHostFixture.Awaiting, issued: "-1"), 404),
            ("protected: a system not in the directory", targets.Feed(targets.Host.Director(FuzzHostFixture.Awaiting).Email, CalendarFeed.Of(round, new SystemCode("E54000099"))), 403),
            ("protected: nobody in the directory", targets.Feed("nobody@example.org", CalendarFeed.Of(round, new SystemCode(FuzzHostFixture.Awaiting))), 410),
            ("protected: the PMO's, for another system", targets.Feed(pmo, CalendarFeed.Of(round, new SystemCode(FuzzHostFixture.Drafting))), 403),
            ("protected: the PMO's, for their region", targets.Feed(pmo, CalendarFeed.Of(round, new RegionCode(targets.Host.RegionOf(FuzzHostFixture.Awaiting)))), 403),
            ("protected: a person with a line break", targets.Feed(pmo + "\r\nX-Injected: 1", CalendarFeed.Of(round, new SystemCode(FuzzHostFixture.Awaiting))), 410),
        ];
    }

    private static IEnumerable<HostileRequest> Subscribed(FuzzTargets targets, HttpRoute route)
    {
        var path = $"/feeds/{targets.FeedToken}.ics";
        var tokens = Tokens(targets);
        return
        [
            .. CaseKit.Methods(targets, route, path, q => q),
            .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["subscription"] = targets.FeedToken }, q => q),
            .. tokens.Select(t => new HostileRequest(route.Function, "token " + t.What, "GET", $"/feeds/{t.Value}.ics") { MustRefuse = true, Expected = t.Status }),
            .. CaseKit.Queries(route, path, $"q={Hostile.EncodedMarker}", "%00=%00"),
            // Signed in or not, a calendar address is judged by its token alone.
            new HostileRequest(route.Function, "signed in as the national team, token cut short", "GET", $"/feeds/{tokens[0].Value}.ics")
            {
                Headers = [(ClientPrincipal.Header, TestSignIn.National.ToHeader())],
                MustRefuse = true,
                Expected = 404,
            },
        ];
    }
}
