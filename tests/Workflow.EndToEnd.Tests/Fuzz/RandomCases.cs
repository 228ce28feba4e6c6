using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.EndToEnd.Tests.Support;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Endless random variants, from a generator seeded with the run's seed: valid bodies and forms mutated at random, link
/// and form tokens tampered with at random bytes, random route values, queries and headers. Each is aimed so that were it
/// taken as valid it would still change nothing: events for a round not stored or under a bad Idempotency-Key, the stored
/// round's own id and version, a clock instant in the past, a form answer that is never one the form takes. So any
/// answer but a refusal (or a read) is a defect, and so is any change to the service.
/// </summary>
internal sealed class RandomCases(FuzzTargets targets, Random random)
{
    /// <summary>Well formed, and never stored: an event there is read whole and then refused as not found.</summary>
    private const string RoundNotStored = "2020-21";

    /// <summary>An instant before the service's clock: moving the clock there is refused, whatever else the body says.</summary>
    private const string PastInstant = "2019-07-01T09:00:00+01:00";

    /// <summary>Idempotency-Keys the API refuses, each for a character it does not take.</summary>
    private static readonly string[] BadKeys = ["../x", "x;y", "%41", "a b", "x,y", "{}", "\u00fc", "x=", Hostile.Overlong(65)];

    private static readonly string[] Operations = ["suspend", "resume", "terminate", "restart", "purge"];

    private static readonly string[] Reads =
        ["Health", "GetClock", "ListRounds", "GetRound", "RoundStatus", "UndeliveredMessages", "ListInstances", "GetInstance", "SentMail", "SentMessage", "Asset", "ShowLink", "LinkDocument"];

    private static readonly string[] QueryNames =
        ["top", "continuationToken", "stage", "overdue", "escalated", "round", "region", "format", "showHistory", "q", "x"];

    private static readonly string[] HeaderNames =
        ["Accept", "Accept-Language", "Accept-Encoding", "Cookie", "Referer", "User-Agent", "X-Forwarded-For", "X-Forwarded-Host", "If-None-Match", "Range", "Origin", "Authorization", "X-Fuzz"];

    private readonly Lazy<string> _roundFile = new(() => ApiValues.RoundFile);

    public HostileRequest Next()
    {
        var (kind, request) = random.Next(100) switch
        {
            < 14 => ("event bodies", Event()),
            < 20 => ("operation bodies", Control()),
            < 26 => ("round files", RoundFile("AddRound", "POST", "/api/rounds")),
            < 31 => ("timetables", RoundFile("ChangeTimetable", "PUT", $"/api/rounds/{AppHost.Round}/timetable")),
            < 36 => ("clock bodies", Clock()),
            < 46 => ("decision forms", DecisionForm()),
            < 53 => ("PMO forms and uploads", SubmissionForm()),
            < 58 => ("delegation forms", DelegationForm()),
            < 70 => ("tampered links", TamperedLink()),
            < 75 => ("signed nonsense links", SignedNonsense()),
            < 90 => ("reads", Read()),
            _ => ("hostile headers", WithHostileHeaders(Next())),
        };
        return request with { Kind = "random: " + kind };
    }

    private HostileRequest Event()
    {
        var (name, json) = EventBodies.Shapes[random.Next(EventBodies.Shapes.Count)];
        var (what, body) = JsonMutations.Mutate(random, json);
        var system = random.Next(2) == 0 ? FuzzHostFixture.Awaiting : FuzzHostFixture.Drafting;
        var eventName = random.Next(10) == 0 ? Texts.Encoded(Texts.NotQuite(random, name)) : name;
        // Half for a round not stored; half for the running instance under a key the API refuses before it raises anything.
        var stored = random.Next(2) == 0;
        var round = stored ? AppHost.Round : RoundNotStored;
        var (function, path) = random.Next(2) == 0
            ? ("RaiseEvent", $"/api/instances/{round}/{system}/raiseEvent/{eventName}")
            : ("RecordSystemEvent", $"/api/rounds/{round}/systems/{system}/{eventName}");
        return new HostileRequest(function, $"random {name}: {what}", "POST", path)
        {
            Body = body,
            ContentType = "application/json",
            Headers = stored ? [("Idempotency-Key", BadKeys[random.Next(BadKeys.Length)])] : [],
        };
    }

    private HostileRequest Control()
    {
        var (what, body) = JsonMutations.Mutate(random, """{"reason": "Merged", "by": "National team"}""");
        var operation = Operations[random.Next(Operations.Length)];
        // Purge is refused for a system still running; every other operation is refused for the key.
        return new HostileRequest("ControlInstance", $"random {operation}: {what}", "POST", $"/api/instances/{AppHost.Round}/{FuzzHostFixture.Untouched}/{operation}")
        {
            Body = body,
            ContentType = "application/json",
            Headers = [("Idempotency-Key", BadKeys[random.Next(BadKeys.Length)])],
        };
    }

    /// <summary>
    /// The stored round's file with its id and version kept and the rest mutated: a new round it cannot be, a timetable
    /// change it cannot be either (the version is not higher), so either route refuses it whatever comes out.
    /// </summary>
    private HostileRequest RoundFile(string function, string method, string path)
    {
        var (what, body) = JsonMutations.Mutate(random, _roundFile.Value, RoundObjects, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "id", "version" }, bytesFrom: "\"milestones\"");
        return new HostileRequest(function, "random round file: " + what, method, path) { Body = body, ContentType = "application/json" };
    }

    private static IReadOnlyList<JsonObject> RoundObjects(JsonNode root) =>
        [root.AsObject(), .. root.AsObject().Where(p => p.Value is JsonArray).SelectMany(p => p.Value!.AsArray().OfType<JsonObject>())];

    private HostileRequest Clock()
    {
        var (what, body) = JsonMutations.Mutate(random, $$"""{"advanceTo": "{{PastInstant}}"}""", digitsKept: true);
        return new HostileRequest("AdvanceClock", "random clock: " + what, "POST", "/api/clock") { Body = body, ContentType = "application/json" };
    }

    /// <summary>The director's form, the outcome never one it takes; the form token right, missing, another visit's, or tampered.</summary>
    private HostileRequest DecisionForm()
    {
        var fields = new List<(string, string)> { ("outcome", Texts.NotQuite(random, random.Next(2) == 0 ? "agreed" : "changes-requested")) };
        if (random.Next(2) == 0)
        {
            fields.Add(("comment", Texts.Text(random)));
        }
        return Form("ActOnLink", "decision", "/links/" + targets.DecideToken, fields, ["outcome", "comment"]);
    }

    /// <summary>The PMO's forms: the submission for a milestone that is never the one due, or a footprint notice from a source there is not.</summary>
    private HostileRequest SubmissionForm()
    {
        var link = "/links/" + targets.SubmitToken;
        if (random.Next(3) == 0)
        {
            return Form("ActOnLink", "footprint notice", link,
                [("form", "footprint-notice"), ("source", Texts.NotQuite(random, random.Next(2) == 0 ? "system" : "local-authority")), ("from", Texts.Text(random)), ("summary", Texts.Text(random))],
                ["form", "source"]);
        }
        var milestone = Texts.NotQuite(random, targets.SubmitMilestone);
        if (random.Next(2) == 0)
        {
            return Form("ActOnLink", "submission", link, [("milestone", milestone), ("reference", "https://plans.example.org/" + Texts.Encoded(Texts.Text(random)))], ["milestone"]);
        }
        // A multipart upload that lies: a name, a content type and content that need not agree, and any of them hostile.
        var names = new[] { "plan.pdf", "plan.docx", "plan.csv", "plan.exe", "../plan.pdf", "plan.pdf\0.exe", Texts.Text(random) + ".pdf", "" };
        var content = random.Next(3) switch
        {
            0 => [.. "%PDF-1.4\n"u8, .. Texts.Bytes(random)],
            1 => [0x4D, 0x5A, .. Texts.Bytes(random)],
            _ => Texts.Bytes(random),
        };
        var body = FormBodies.Multipart($"upload", [(targets.AntiforgeryField.Key, targets.AntiforgeryField.Value), ("milestone", milestone), ("reference", "")],
            [("document", names[random.Next(names.Length)].Replace("\"", "", StringComparison.Ordinal), content)], closed: random.Next(5) != 0);
        return new HostileRequest("ActOnLink", $"random upload: milestone {HostileRequest.Visible(milestone)}", "POST", link) { Body = body.Bytes, ContentType = body.ContentType, WithAntiforgeryCookie = true };
    }

    /// <summary>The delegation form for a deputy who is never the region's deputy, with any last day.</summary>
    private HostileRequest DelegationForm()
    {
        var deputy = targets.Host.Deputy(FuzzHostFixture.Awaiting).Email;
        var until = random.Next(2) == 0 ? "2019-12-20" : Texts.Text(random);
        return Form("DelegateFromLink", "delegation", $"/links/{targets.DecideToken}/delegate", [("deputy", Texts.NotQuite(random, deputy)), ("until", until)], ["deputy"]);
    }

    /// <summary>
    /// A form with the form token as it should be most of the time (so the answers are read), otherwise missing, from
    /// another visit or tampered; extra fields with hostile names; url-encoded or, now and then, multipart.
    /// </summary>
    private HostileRequest Form(string function, string what, string path, List<(string Name, string Value)> fields, string[] kept)
    {
        var (field, token) = (targets.AntiforgeryField.Key, targets.AntiforgeryField.Value);
        var (tokenWhat, tokenValue) = random.Next(10) switch
        {
            < 6 => ("form token right", token),
            6 => ("no form token", null),
            7 => ("another visit's form token", targets.OtherAntiforgeryField.Value),
            _ => ("form token tampered", TokenTampering.Tampered(random, token, random.Next(1, 4))),
        };
        var all = new List<(string, string)>(fields);
        if (tokenValue is not null)
        {
            all.Insert(random.Next(all.Count + 1), (field, tokenValue));
        }
        for (var i = random.Next(3); i > 0; i--)
        {
            var name = Texts.Text(random);
            if (!kept.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase) && name != field)
            {
                all.Insert(random.Next(all.Count + 1), (name, Texts.Text(random)));
            }
        }
        var body = random.Next(5) == 0
            ? FormBodies.Multipart("", all.Select(f => (f.Item1.Replace("\"", "", StringComparison.Ordinal), f.Item2)), [])
            : FormBodies.Form("", string.Join('&', all.Select(f => $"{WebUtility.UrlEncode(f.Item1)}={WebUtility.UrlEncode(f.Item2)}")));
        return new HostileRequest(function, $"random {what} ({tokenWhat})", "POST", path) { Body = body.Bytes, ContentType = body.ContentType, WithAntiforgeryCookie = random.Next(10) != 0 };
    }

    /// <summary>A genuine link with one to three of its bytes changed, or cut: no page opens for it, and a form sent to it records nothing.</summary>
    private HostileRequest TamperedLink()
    {
        var genuine = random.Next(2) == 0 ? targets.DecideToken : targets.SubmitToken;
        var token = random.Next(5) == 0
            ? genuine[..random.Next(genuine.Length)]
            : TokenTampering.Tampered(random, genuine, random.Next(1, 4));
        var deputy = targets.Host.Deputy(FuzzHostFixture.Awaiting).Email;
        return random.Next(4) switch
        {
            0 => new HostileRequest("ShowLink", "random tampered link", random.Next(4) == 0 ? "HEAD" : "GET", "/links/" + token) { MustRefuse = true },
            1 => new HostileRequest("LinkDocument", "random tampered link", "GET", $"/links/{token}/document/{random.Next(0, 3)}") { MustRefuse = true },
            2 => new HostileRequest("ActOnLink", "random tampered link, a decision it would record", "POST", "/links/" + token)
            {
                Body = Encoding.UTF8.GetBytes(targets.Form(true, ("outcome", "agreed"))),
                ContentType = FormBodies.UrlEncoded,
                WithAntiforgeryCookie = true,
                MustRefuse = true,
            },
            _ => new HostileRequest("DelegateFromLink", "random tampered link, a delegation it would record", "POST", $"/links/{token}/delegate")
            {
                Body = Encoding.UTF8.GetBytes(targets.Form(true, ("deputy", deputy), ("until", "2019-12-20"))),
                ContentType = FormBodies.UrlEncoded,
                WithAntiforgeryCookie = true,
                MustRefuse = true,
            },
        };
    }

    /// <summary>
    /// The service's own signature over a payload with lines made hostile: past the signature, the claims must fail calmly.
    /// Only shown, or sent a form that is refused: a payload that came out as a real link would open its page, and no more.
    /// </summary>
    private HostileRequest SignedNonsense()
    {
        var director = targets.Host.Director(FuzzHostFixture.Awaiting).Email;
        var lines = new List<string> { "v1", "Decide", $"{AppHost.Round}|{FuzzHostFixture.Awaiting}", director, "1", targets.Expiry(TimeSpan.FromDays(7)), "n" + random.Next() };
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(4))
            {
                case 0:
                    lines[at] = Texts.Text(random);
                    break;
                case 1:
                    lines[at] = Texts.NotQuite(random, lines[at]);
                    break;
                case 2:
                    lines.Insert(at, Texts.Text(random));
                    break;
                default:
                    lines.RemoveAt(at);
                    break;
            }
        }
        var token = targets.SignedToken(string.Join('\n', lines));
        return random.Next(2) == 0
            ? new HostileRequest("ShowLink", "random signed nonsense", "GET", "/links/" + token)
            : new HostileRequest("ActOnLink", "random signed nonsense, a refused decision", "POST", "/links/" + token)
            {
                Body = Encoding.UTF8.GetBytes(targets.Form(true, ("outcome", Texts.NotQuite(random, "agreed")))),
                ContentType = FormBodies.UrlEncoded,
                WithAntiforgeryCookie = true,
            };
    }

    /// <summary>A read on any route that reads, with route values and a query at random.</summary>
    private HostileRequest Read()
    {
        var function = Reads[random.Next(Reads.Length)];
        var good = targets.GoodRouteValues;
        string Value(string name) => random.Next(3) == 0 ? Texts.Encoded(Texts.Bytes(random)) : good[name];
        var path = function switch
        {
            "Health" => "/api/health",
            "GetClock" => "/api/clock",
            "ListRounds" => "/api/rounds",
            "GetRound" => $"/api/rounds/{Value("round")}",
            "RoundStatus" => $"/api/rounds/{Value("round")}/status",
            "UndeliveredMessages" => $"/api/rounds/{Value("round")}/undelivered",
            "ListInstances" => "/api/instances",
            "GetInstance" => $"/api/instances/{Value("round")}/{Value("system")}",
            "SentMail" => "/mail",
            "SentMessage" => $"/mail/{Value("file")}",
            "Asset" => $"/assets/{Value("path")}",
            "ShowLink" => $"/links/{Value("token")}",
            _ => $"/links/{Value("token")}/document/{(random.Next(3) == 0 ? Texts.Encoded(Texts.Bytes(random)) : random.Next(-1, 4).ToString(System.Globalization.CultureInfo.InvariantCulture))}",
        };
        var query = string.Join('&', Enumerable.Range(0, random.Next(0, 4)).Select(_ =>
            $"{(random.Next(4) == 0 ? Texts.Encoded(Texts.Bytes(random)) : QueryNames[random.Next(QueryNames.Length)])}={Texts.Encoded(Texts.Bytes(random))}"));
        return new HostileRequest(function, "random read", random.Next(8) == 0 ? "HEAD" : "GET", query.Length == 0 ? path : $"{path}?{query}");
    }

    /// <summary>Any of the others with headers added that are odd, long or many.</summary>
    private HostileRequest WithHostileHeaders(HostileRequest request)
    {
        var headers = new List<(string, string)>(request.Headers);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var name = random.Next(5) == 0 ? "X-" + Texts.Encoded(Texts.Text(random)) : HeaderNames[random.Next(HeaderNames.Length)];
            var value = random.Next(6) == 0 ? Hostile.Overlong(random.Next(1000, 40_000)) : Encoding.Latin1.GetString(Texts.Bytes(random));
            headers.Add((name, value));
        }
        return request with { What = request.What + ", hostile headers", Headers = headers };
    }
}
