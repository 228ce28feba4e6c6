using Workflow.EndToEnd.Tests.Support;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// The management and rounds API. Every write is refused by its body or its route values before anything is recorded;
/// where a request is well shaped (for an instance or round that does not exist, or under a bad Idempotency-Key), what
/// it asks for is also impossible, so nothing would be recorded even past the check it is aimed at.
/// </summary>
internal static class ApiFuzzers
{
    private const int JsonBodiesPerRoute = 6;
    private const int EventBodiesPerRoute = 20;

    private static readonly (string What, string Key)[] BadKeys =
        [("empty", ""), ("a space", " "), ("65 characters", Hostile.Overlong(65)), ("a path", "../x"), ("a semicolon", "x;y"), ("percent-encoded", "%41"), ("raw unicode", "ü"), ("a bare CR", "x\ry")];

    /// <summary>
    /// Page sizes out of bounds or oddly written, and tokens the API never sealed: offsets in base64 (as tokens once
    /// were), Data Protection's header on made-up bytes, and a token's plain text as it would be sealed.
    /// </summary>
    private static readonly string[] PagingQueries =
    [
        "top=-1", "top=0", "top=1001", "top=1e3", "top=99999999999", "top=%00", "top=1&top=2", "top=%EF%BC%91", "top=+5", "top= 5", "top=0x10",
        "continuationToken=garbage", "continuationToken=%00", "continuationToken=", "continuationToken=====", $"continuationToken={Base64("-5")}",
        $"continuationToken={Base64("2147483647")}", $"continuationToken={Base64(" 1")}", "continuationToken=CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        $"continuationToken=CfDJ8{Hostile.Overlong(3000)}", $"continuationToken={Uri.EscapeDataString($"list=rounds/{AppHost.Round}/status&round={AppHost.Round}&system=E54000001")}",
        "continuationToken=a&continuationToken=b", $"continuationToken={Hostile.EncodedCrLf}", $"top=1{Hostile.EncodedCrLf}", "top=1000",
    ];

    private static string Base64(string text) => Uri.EscapeDataString(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>Forecast queries neither the page nor the API could have made, each refused with nothing read into storage.</summary>
    internal static readonly string[] ForecastQueries =
    [
        "assumption=somebody-acts",
        "assumption=NobodyActs",
        "assumption=nobody-acts&assumption=everyone-on-the-due-date",
        $"assumption={Hostile.EncodedMarker}",
        "weeks=0",
        "weeks=53",
        "weeks=-1",
        "weeks=1e3",
        "weeks=99999999999999999999",
        "weeks=%00",
        "weeks=2&weeks=3",
        "region=E40999999",
        $"region={Hostile.Overlong(4000)}",
        "region=%00",
        "format=xlsx",
        $"format=csv{Hostile.EncodedCrLf}",
    ];

    public static IReadOnlyDictionary<string, RouteFuzzer> All { get; } = new Dictionary<string, RouteFuzzer>(StringComparer.Ordinal)
    {
        ["Health"] = new("api/health", ["GET"], (t, r) => Reads(t, r, "/api/health")),
        ["OpenApiDocument"] = new("api/openapi.json", ["GET"], (t, r) => Reads(t, r, "/api/openapi.json")),
        ["MailEvents"] = new("api/mail/events", ["POST"], MailEvents),
        ["GetClock"] = new("api/clock", ["GET"], (t, r) => Reads(t, r, "/api/clock")),
        ["AdvanceClock"] = new("api/clock", ["POST"], AdvanceClock),
        ["ListRounds"] = new("api/rounds", ["GET"], (t, r) => Reads(t, r, "/api/rounds")),
        ["AddRound"] = new("api/rounds", ["POST"], (t, r) => Writes(t, r, "/api/rounds", ApiValues.NewRoundFiles())),
        ["GetRound"] = new("api/rounds/{round}", ["GET"], (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/rounds/{AppHost.Round}"), body: null)),
        ["StartRound"] = new("api/rounds/{round}/start", ["POST"], (t, r) => WithRouteValues(t, r, CaseKit.Methods(t, r, "/api/rounds/2019-21/start", q => q), body: null)),
        ["ChangeTimetable"] = new("api/rounds/{round}/timetable", ["PUT"], (t, r) => WithRouteValues(t, r, Writes(t, r, $"/api/rounds/{AppHost.Round}/timetable", ApiValues.Timetables()), body: "{}")),
        ["SuspendRound"] = new("api/rounds/{round}/suspend", ["POST"], SuspendRound),
        ["ResumeRound"] = new("api/rounds/{round}/resume", ["POST"], ResumeRound),
        ["PreviewTimetable"] = new("api/rounds/{round}/timetable/preview", ["POST"],
            (t, r) => WithRouteValues(t, r, Writes(t, r, $"/api/rounds/{AppHost.Round}/timetable/preview", ApiValues.Timetables()), body: "{}")),
        ["PreviewResumption"] = new("api/rounds/{round}/resume/preview", ["POST"],
            (t, r) => WithRouteValues(t, r, Writes(t, r, $"/api/rounds/{AppHost.Round}/resume/preview",
            [
                HostileBody.Json("by missing", """{"timetable": {}}"""),
                HostileBody.Json("timetable a number", """{"by": "National team", "timetable": 5}"""),
                HostileBody.Json("well shaped, round not suspended", """{"by": "National team"}"""),
            ]), body: "{}")),
        ["RoundStatus"] = new("api/rounds/{round}/status", ["GET"], (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/rounds/{AppHost.Round}/status",
            [.. PagingQueries, "format=xml", "format=CSV", "format=csv%00", $"format=csv{Hostile.EncodedCrLf}", "format=csv&top=0"]), body: null)),
        ["RoundForecast"] = new("api/rounds/{round}/forecast", ["GET"], (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/rounds/{AppHost.Round}/forecast", ForecastQueries), body: null)),
        ["UndeliveredMessages"] = new("api/rounds/{round}/undelivered", ["GET"], (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/rounds/{AppHost.Round}/undelivered"), body: null)),
        ["SystemCalendar"] = new("api/rounds/{round}/systems/{system}/calendar.ics", ["GET"],
            (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/rounds/{AppHost.Round}/systems/{FuzzHostFixture.Awaiting}/calendar.ics"), body: null)),
        ["RegionCalendar"] = new("api/rounds/{round}/regions/{region}/calendar.ics", ["GET"],
            (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/rounds/{AppHost.Round}/regions/E40000003/calendar.ics"), body: null)),
        ["RoundAudit"] = new("api/rounds/{round}/audit.csv", ["GET"], (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/rounds/{AppHost.Round}/audit.csv", "region=nowhere", "system=%00", $"system={Hostile.Overlong(4000)}"), body: null)),
        ["InstanceAudit"] = new("api/instances/{round}/{system}/audit.csv", ["GET"], (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/instances/{AppHost.Round}/{FuzzHostFixture.Awaiting}/audit.csv"), body: null)),
        ["ListInstances"] = new("api/instances", ["GET"], ListInstances),
        ["GetInstance"] = new("api/instances/{round}/{system}", ["GET"], (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/instances/{AppHost.Round}/{FuzzHostFixture.Awaiting}", "showHistory=maybe", "showHistory=false%00", "showHistory=false&showHistory=true", $"showHistory={Hostile.EncodedCrLf}"), body: null)),
        ["RaiseEvent"] = new("api/instances/{round}/{system}/raiseEvent/{eventName}", ["POST"], (t, r) => Events(t, r, FuzzHostFixture.Drafting, s => $"/api/instances/{AppHost.Round}/{s}/raiseEvent/")),
        ["RecordSystemEvent"] = new("api/rounds/{round}/systems/{system}/{eventName}", ["POST"], (t, r) => Events(t, r, FuzzHostFixture.Awaiting, s => $"/api/rounds/{AppHost.Round}/systems/{s}/")),
        ["ControlInstance"] = new("api/instances/{round}/{system}/{operation}", ["POST"], Control),
        ["ReissueLink"] = new("api/instances/{round}/{system}/links", ["POST"], Reissue),
        ["ListLinkRequests"] = new("api/instances/{round}/{system}/link-requests", ["GET"],
            (t, r) => WithRouteValues(t, r, Reads(t, r, $"/api/instances/{AppHost.Round}/{FuzzHostFixture.Awaiting}/link-requests"), body: null)),
    };

    /// <summary>A read: methods it does not take, odd queries, and junk headers; <paramref name="queries"/> adds its own.</summary>
    private static IEnumerable<HostileRequest> Reads(FuzzTargets targets, HttpRoute route, string path, params string[] queries) =>
    [
        .. CaseKit.Methods(targets, route, path, r => r),
        .. CaseKit.Queries(route, path, [$"{Hostile.EncodedMarker}={Hostile.EncodedMarker}", "%00=%00", "a=%FF%FE", "&&&==&", $"{Hostile.EncodedCrLf}={Hostile.EncodedCrLf}", .. queries]),
        new HostileRequest(route.Function, "header: accept only XML", "GET", path) { Headers = [("Accept", "application/xml")] },
        new HostileRequest(route.Function, "header: 8 KiB cookie", "GET", path) { Headers = [("Cookie", "a=" + Hostile.Overlong(8 * 1024))] },
    ];

    /// <summary>A write: its methods, every broken framing, a sample of bad JSON and <paramref name="bodies"/> of its own.</summary>
    private static IEnumerable<HostileRequest> Writes(FuzzTargets targets, HttpRoute route, string path, IEnumerable<HostileBody> bodies) =>
    [
        .. CaseKit.Methods(targets, route, path, r => r.WithJson("{}")),
        .. CaseKit.Framings(route, path, HostileBody.Json("refused were it whole", "{\"by\": 1}")),
        .. CaseKit.Bodies(route, path, CaseKit.Sample(targets.Random, Hostile.JsonBodies, JsonBodiesPerRoute)),
        .. CaseKit.Bodies(route, path, bodies),
    ];

    private static IEnumerable<HostileRequest> WithRouteValues(FuzzTargets targets, HttpRoute route, IEnumerable<HostileRequest> others, string? body, string? system = null) =>
    [
        .. others,
        .. CaseKit.RouteValues(targets, route, Defaults(targets, system), r => body is null ? r : r.WithJson(body), new Dictionary<string, IReadOnlyList<(string, string)>>
        {
            ["round"] = ApiValues.Rounds,
            ["system"] = ApiValues.Systems,
            ["region"] = ApiValues.Regions,
            ["eventName"] = ApiValues.EventNames,
            ["operation"] = ApiValues.Operations,
        }),
    ];

    private static Dictionary<string, string> Defaults(FuzzTargets targets, string? system) => new(StringComparer.Ordinal)
    {
        ["round"] = AppHost.Round,
        ["system"] = system ?? FuzzHostFixture.Awaiting,
        ["region"] = "E40000003",
        ["eventName"] = "submission",
        ["operation"] = "suspend",
    };

    /// <summary>
    /// SendGrid's webhook, which the host has a verification key for: no post here is signed with its private half, so
    /// every one is refused (unsigned, forged, stale, a signature not base64) before its body is read as events.
    /// </summary>
    private static IEnumerable<HostileRequest> MailEvents(FuzzTargets targets, HttpRoute route)
    {
        const string Path = "/api/mail/events";
        var bounce = $$"""[{"sg_event_id": "fuzz", "event": "bounce", "email": "pmo@example.org", "timestamp": 1574244000, "instance": "{{AppHost.Round}}|{{FuzzHostFixture.Awaiting}}", "command_id": "x", "recipient_role": "pmo"}]""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string What, string Signature, string Timestamp)[] signatures =
        [
            ("a DER signature by no one", "MEUCIQDfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzAIgZnV6emZ1enpmdXp6ZnV6emZ1enpmdXp6ZnV6emZ1eno=", now),
            ("a signature not base64", "not base64!", now),
            ("an empty signature", "", now),
            ("a stale timestamp", "MEUCIQDfuzz", "0"),
            ("a timestamp past any date", "MEUCIQDfuzz", "99999999999999999999"),
        ];
        return
        [
            .. Writes(targets, route, Path, [HostileBody.Json("a bounce, unsigned", bounce), HostileBody.Json("an empty batch, unsigned", "[]")]),
            .. signatures.Select(s => new HostileRequest(route.Function, $"signed: {s.What}", "POST", Path).WithJson(bounce) with
            {
                Headers = [("X-Twilio-Email-Event-Webhook-Signature", s.Signature), ("X-Twilio-Email-Event-Webhook-Timestamp", s.Timestamp)],
            }),
        ];
    }

    private static IEnumerable<HostileRequest> AdvanceClock(FuzzTargets targets, HttpRoute route)
    {
        string[] instants =
        [
            "2100-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999+00:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00Z",
            "0001-01-01T00:00:00+14:00", "1970-01-01T00:00:00Z", "2019-11-14T09:00:00+00:00", "2019-11-20T10:00:00", "2019-11-20T10:00",
            "2019-11-20", "20191120T100000Z", "2019-11-20T10:00:00+25:00", "2019-13-01T00:00:00Z", "2019-11-20T24:00:00Z", "tomorrow", "",
        ];
        return
        [
            .. Writes(targets, route, "/api/clock",
            [
                .. instants.Select(i => HostileBody.Json($"advanceTo {(i.Length == 0 ? "empty" : i)}", $"{{\"advanceTo\": \"{i}\"}}")),
                HostileBody.Json("advanceTo as seconds", "{\"advanceTo\": 1574244000}"),
                HostileBody.Json("advanceTo as an object", "{\"advanceTo\": {\"year\": 2019}}"),
                HostileBody.Json("advanceTo null", "{\"advanceTo\": null}"),
                HostileBody.Json("advanceTo given twice, a later first", "{\"advanceTo\": \"2019-11-20T10:00:00Z\", \"advanceTo\": \"2019-11-01T10:00:00Z\"}"),
                HostileBody.Json("advanceTo with an unknown property", "{\"advanceTo\": \"2019-11-20T10:00:00Z\", \"andNotify\": false}"),
                HostileBody.Json("advanceTo with a line break", "{\"advanceTo\": \"2019-11-20T10:00:00Z\\r\\nX-Injected: 1\"}"),
            ]),
        ];
    }

    private static IEnumerable<HostileRequest> ListInstances(FuzzTargets targets, HttpRoute route) =>
        Reads(targets, route, "/api/instances",
        [
            .. PagingQueries,
            "stage=DRAFTING", $"stage={Hostile.EncodedMarker}", "overdue=yes", "escalated=1", "overdue=true&overdue=false",
            "round=a%27b", "round=%00", $"round={Hostile.Overlong(300)}", "round=..%2f..%2f", "round=a%23b%3Fc", "round=",
            "region=%00", $"region={Hostile.Overlong(4000)}", "format=xml", "format=CSV", "format=csv&top=-1",
            $"stage={Hostile.EncodedCrLf}", $"round={Hostile.EncodedCrLf}", $"region={Hostile.EncodedCrLf}",
        ]);

    /// <summary>
    /// Route values, methods and framing with "{}" (no event takes it); bad JSON and each event's body broken one way;
    /// well-shaped events for a system or round that does not exist; and bad idempotency keys on an impossible decision.
    /// </summary>
    private static IEnumerable<HostileRequest> Events(FuzzTargets targets, HttpRoute route, string system, Func<string, string> prefix)
    {
        var path = prefix(system) + "submission";
        var impossible = """{"outcome": "agreed", "planVersion": 99, "by": "Fuzz Director"}""";
        return WithRouteValues(targets, route,
        [
            .. CaseKit.Methods(targets, route, path, r => r.WithJson("{}")),
            .. CaseKit.Framings(route, path, HostileBody.Json("refused were it whole", "{}")),
            CaseKit.Stalled(route, path, HostileBody.Json("refused were it whole", "{}")),
            .. CaseKit.Bodies(route, path, CaseKit.Sample(targets.Random, Hostile.JsonBodies, JsonBodiesPerRoute)),
            .. CaseKit.Sample(targets.Random, [.. EventBodies.All()], EventBodiesPerRoute)
                .Select(e => new HostileRequest(route.Function, "body: " + e.Body.What, "POST", prefix(system) + e.Event) { Body = e.Body.Bytes, ContentType = e.Body.ContentType }),
            new HostileRequest(route.Function, "a system not running", "POST", prefix("E54000099") + "decision").WithJson(impossible),
            new HostileRequest(route.Function, "a round not stored", "POST", prefix(system).Replace(AppHost.Round, "2020-21", StringComparison.Ordinal) + "decision").WithJson(impossible),
            .. BadKeys.Select(k => new HostileRequest(route.Function, $"Idempotency-Key {k.What}", "POST", prefix(FuzzHostFixture.Awaiting) + "decision") { Headers = [("Idempotency-Key", k.Key)] }.WithJson(impossible)),
            // A line break in every text field of every event, each otherwise well shaped: read whole, then not found, for a round not stored.
            .. EventBodies.WithLineBreaks().Select(e => new HostileRequest(route.Function, "body: " + e.Body.What, "POST", prefix(system).Replace(AppHost.Round, "2020-21", StringComparison.Ordinal) + e.Event)
            {
                Body = e.Body.Bytes,
                ContentType = e.Body.ContentType,
            }),
        ], body: "{}", system);
    }

    /// <summary>Aimed at the system nothing else touches: a body refused as it should be there leaves the others as they were.</summary>
    private static IEnumerable<HostileRequest> Control(FuzzTargets targets, HttpRoute route)
    {
        var path = $"/api/instances/{AppHost.Round}/{FuzzHostFixture.Untouched}/suspend";
        return WithRouteValues(targets, route, Writes(targets, route, path,
        [
            HostileBody.Json("reason a number", """{"reason": 1, "by": "National team"}"""),
            HostileBody.Json("by an array", """{"reason": "Merged", "by": ["National team"]}"""),
            HostileBody.Json("by given twice", """{"reason": "Merged", "by": "National team", "by": "Someone else"}"""),
            HostileBody.Json("by given twice in another case", """{"reason": "Merged", "by": "National team", "BY": "Someone else"}"""),
            HostileBody.Json("an unknown property", """{"reason": "Merged", "by": "National team", "force": true}"""),
            HostileBody.Json("by missing", """{"reason": "Merged"}"""),
            HostileBody.Json("by blank", """{"reason": "Merged", "by": " \t "}"""),
            HostileBody.Json("reason blank", """{"reason": " ", "by": "National team"}"""),
            HostileBody.Json("reason over 4,000 characters", $$"""{"reason": "{{Hostile.Overlong(4001)}}", "by": "National team"}"""),
            HostileBody.Json("by over 4,000 characters", $$"""{"reason": "Merged", "by": "{{Hostile.Overlong(4001)}}"}"""),
        ]).Concat(
        [
            // Well shaped but for the line breaks, which are text: refused for the key, before anything is raised.
            new HostileRequest(route.Function, "reason with a line break, a bad Idempotency-Key", "POST", path) { Headers = [("Idempotency-Key", "../x")] }
                .WithJson("""{"reason": "Merged\r\nX-Injected: 1", "by": "National team"}"""),
            new HostileRequest(route.Function, "by with a line break, a bad Idempotency-Key", "POST", path) { Headers = [("Idempotency-Key", "../x")] }
                .WithJson("""{"reason": "Merged", "by": "National\r\nX-Injected: 1"}"""),
        ]), body: "{}", FuzzHostFixture.Untouched);
    }

    /// <summary>
    /// Bodies refused for what they hold; a well shaped one only for a round not stored: any other would suspend every
    /// system of the round.
    /// </summary>
    private static IEnumerable<HostileRequest> SuspendRound(FuzzTargets targets, HttpRoute route) =>
        WithRouteValues(targets, route, Writes(targets, route, $"/api/rounds/{AppHost.Round}/suspend",
        [
            HostileBody.Json("reason a number", """{"reason": 1, "by": "National team"}"""),
            HostileBody.Json("by given twice", """{"reason": "Pandemic", "by": "National team", "by": "Someone else"}"""),
            HostileBody.Json("reason given twice in another case", """{"reason": "Pandemic", "REASON": "x", "by": "National team"}"""),
            HostileBody.Json("an unknown property", """{"reason": "Pandemic", "by": "National team", "until": "2020-06-01"}"""),
            HostileBody.Json("reason missing", """{"by": "National team"}"""),
            HostileBody.Json("by blank", """{"reason": "Pandemic", "by": " "}"""),
            HostileBody.Json("reason over 4,000 characters", $$"""{"reason": "{{Hostile.Overlong(4001)}}", "by": "National team"}"""),
        ]).Concat(
        [
            new HostileRequest(route.Function, "well shaped, for a round not stored", "POST", "/api/rounds/2019-21/suspend")
                .WithJson("""{"reason": "Pandemic", "by": "National team"}"""),
        ]), body: "{}");

    /// <summary>
    /// Bodies refused for what they hold; well shaped ones for a round that is not suspended, which is refused before
    /// any timetable it carries is looked at, so even a sound new timetable changes nothing.
    /// </summary>
    private static IEnumerable<HostileRequest> ResumeRound(FuzzTargets targets, HttpRoute route) =>
        WithRouteValues(targets, route, Writes(targets, route, $"/api/rounds/{AppHost.Round}/resume",
        [
            HostileBody.Json("by missing", """{"timetable": {}}"""),
            HostileBody.Json("timetable a number", """{"by": "National team", "timetable": 5}"""),
            HostileBody.Json("timetable a string", """{"by": "National team", "timetable": "{}"}"""),
            HostileBody.Json("by given twice", """{"by": "National team", "by": "Someone else"}"""),
            HostileBody.Json("a reason, which resumption does not take", """{"by": "National team", "reason": "over"}"""),
            HostileBody.Json("well shaped, round not suspended", """{"by": "National team"}"""),
            HostileBody.Json("a sound new timetable, round not suspended", $$"""{"by": "National team", "timetable": {{ApiValues.SoundChange}}}"""),
        ]), body: "{}");

    /// <summary>
    /// Bodies refused for what they hold; well shaped ones only for a system not running, a round not stored, or under a
    /// bad Idempotency-Key, so none reaches the directory, the audit or the mail.
    /// </summary>
    private static IEnumerable<HostileRequest> Reissue(FuzzTargets targets, HttpRoute route)
    {
        var path = $"/api/instances/{AppHost.Round}/{FuzzHostFixture.Untouched}/links";
        var person = targets.Host.Pmo(FuzzHostFixture.Untouched).Email;
        string Body(string personJson, string by = "\"National team\"", string reason = "\"Lost\"", string extra = "") =>
            $"{{\"person\": {personJson}, \"by\": {by}, \"reason\": {reason}{extra}}}";
        var good = Body($"\"{person}\"");
        return WithRouteValues(targets, route, Writes(targets, route, path,
        [
            HostileBody.Json("person a number", Body("1")),
            HostileBody.Json("person an array", Body($"[\"{person}\"]")),
            HostileBody.Json("person given twice", Body($"\"{person}\"", extra: ", \"person\": \"someone@example.org\"")),
            HostileBody.Json("person given twice in another case", Body($"\"{person}\"", extra: ", \"PERSON\": \"someone@example.org\"")),
            HostileBody.Json("an address to send to", Body($"\"{person}\"", extra: ", \"to\": \"someone@example.org\"")),
            HostileBody.Json("person missing", "{\"by\": \"National team\", \"reason\": \"Lost\"}"),
            HostileBody.Json("person blank", Body("\" \"")),
            HostileBody.Json("person with a line break", Body($"\"{person}\\r\\nBcc: someone@example.org\"")),
            HostileBody.Json("person with NUL", Body($"\"{person}\\u0000\"")),
            HostileBody.Json("person of 255 characters", Body($"\"{Hostile.Overlong(243)}@example.org\"")),
            HostileBody.Json("by missing", $"{{\"person\": \"{person}\", \"reason\": \"Lost\"}}"),
            HostileBody.Json("reason blank", Body($"\"{person}\"", reason: "\"\\t\"")),
            HostileBody.Json("reason over 4,000 characters", Body($"\"{person}\"", reason: $"\"{Hostile.Overlong(4001)}\"")),
            HostileBody.Json("by over 4,000 characters", Body($"\"{person}\"", by: $"\"{Hostile.Overlong(4001)}\"")),
        ]).Concat(
        [
            new HostileRequest(route.Function, "a system not running", "POST", $"/api/instances/{AppHost.Round}/E54000099/links").WithJson(good),
            new HostileRequest(route.Function, "a round not stored", "POST", $"/api/instances/2020-21/{FuzzHostFixture.Untouched}/links").WithJson(good),
            .. BadKeys.Select(k => new HostileRequest(route.Function, $"Idempotency-Key {k.What}", "POST", path) { Headers = [("Idempotency-Key", k.Key)] }.WithJson(good)),
        ]), body: "{}", FuzzHostFixture.Untouched);
    }
}
