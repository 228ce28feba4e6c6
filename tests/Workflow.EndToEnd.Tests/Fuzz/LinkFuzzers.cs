using System.Text;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// The pages behind links in e-mails. Tokens that must open nothing, on every link route; and on genuine links, forms
/// that must record nothing: without the form token (with answers that would otherwise be recorded), of the wrong type,
/// too big, broken, or with answers the form refuses.
/// </summary>
internal static class LinkFuzzers
{
    public static IReadOnlyDictionary<string, RouteFuzzer> All { get; } = new Dictionary<string, RouteFuzzer>(StringComparer.Ordinal)
    {
        ["ShowLink"] = new("links/{token}", ["GET", "HEAD"], Show),
        ["ActOnLink"] = new("links/{token}", ["POST"], Act),
        ["DelegateFromLink"] = new("links/{token}/delegate", ["POST"], Delegate),
        ["LinkDocument"] = new("links/{token}/document/{version:int}", ["GET"], Document),
        ["RenewLink"] = new("links/{token}/renew", ["POST"], Renew),
    };

    private static Dictionary<string, string> Defaults(FuzzTargets targets) => new(StringComparer.Ordinal) { ["token"] = targets.DecideToken, ["version"] = "1" };

    private static Dictionary<string, IReadOnlyList<(string, string)>> Specific(FuzzTargets targets) => new() { ["token"] = LinkTokens.All(targets) };

    private static IEnumerable<HostileRequest> Show(FuzzTargets targets, HttpRoute route)
    {
        var forged = "/links/" + LinkTokens.All(targets)[0].Value;
        return
        [
            .. CaseKit.RouteValues(targets, route, Defaults(targets), r => r, Specific(targets)),
            .. CaseKit.Methods(targets, route, forged, r => r),
            .. LinkTokens.All(targets).Take(12).Select(t => new HostileRequest(route.Function, "HEAD with token: " + t.What, "HEAD", "/links/" + t.Value)),
            .. CaseKit.Queries(route, "/links/" + targets.DecideToken, $"q={Hostile.EncodedMarker}", "%00=%00"),
        ];
    }

    /// <summary>The director's decision form on plan version 1.</summary>
    private static IEnumerable<HostileRequest> Act(FuzzTargets targets, HttpRoute route)
    {
        var link = "/links/" + targets.DecideToken;
        var (field, token) = (targets.AntiforgeryField.Key, targets.AntiforgeryField.Value);
        HostileRequest Post(string what, HostileBody body, bool cookie = true, params (string, string)[] headers) =>
            new(route.Function, what, "POST", link) { Body = body.Bytes, ContentType = body.ContentType, WithAntiforgeryCookie = cookie, Headers = headers };
        HostileRequest Form(string what, params (string, string)[] fields) => Post(what, FormBodies.Form(what, targets.Form(true, fields)));
        var refused = targets.Form(true, ("outcome", "maybe"), ("comment", Hostile.Marker));
        return
        [
            .. CaseKit.RouteValues(targets, route, Defaults(targets), r => r with { Body = Encoding.UTF8.GetBytes(refused), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = true }, Specific(targets)),
            .. CaseKit.Methods(targets, route, link, r => r with { Body = Encoding.UTF8.GetBytes(refused), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = true }),
            .. CaseKit.Framings(route, link, FormBodies.Form("refused were it whole", refused), r => r with { WithAntiforgeryCookie = true }),
            CaseKit.Stalled(route, link, FormBodies.Form("refused were it whole", refused), withAntiforgeryCookie: true),
            // Answers that would be recorded, were the form token not missing or wrong.
            Post("no form token, no cookie", FormBodies.Form("", targets.Form(false, ("outcome", "agreed"))), cookie: false),
            Post("form token without its cookie", FormBodies.Form("", targets.Form(true, ("outcome", "agreed"))), cookie: false),
            Post("cookie without the form token", FormBodies.Form("", targets.Form(false, ("outcome", "agreed")))),
            Post("a made-up form token", FormBodies.Form("", targets.Form(false, (field, token[..^4] + "AAAA"), ("outcome", "agreed")))),
            Post("the form token as text, not a form", new HostileBody("", Encoding.UTF8.GetBytes(targets.Form(true, ("outcome", "agreed"))), "text/plain")),
            Post("JSON with the token in a header", HostileBody.Json("", """{"outcome": "agreed"}"""), true, ("RequestVerificationToken", token)),
            Post("a form with no content type", new HostileBody("", Encoding.UTF8.GetBytes(targets.Form(true, ("outcome", "agreed"))), null)),
            // Answers the form refuses, with the form token right.
            Form("outcome missing", ("comment", "Looks fine")),
            Form("outcome in upper case", ("outcome", "AGREED")),
            Form("outcome with NUL", ("outcome", "agreed\0")),
            Form("outcome padded", ("outcome", "agreed ")),
            Form("outcome twice", ("outcome", "agreed"), ("outcome", "changes-requested"), ("comment", "Both")),
            Form("changes asked, comment of 4,001 characters", ("outcome", "changes-requested"), ("comment", Hostile.Overlong(4001))),
            Form("changes asked, comment of 300 KiB", ("outcome", "changes-requested"), ("comment", Hostile.Overlong(300 * 1024))),
            Form("changes asked, comment only white space", ("outcome", "changes-requested"), ("comment", "\r\n\t \u00a0")),
            Form("markup everywhere", ("outcome", Hostile.Marker), ("comment", Hostile.Marker), (Hostile.Marker, Hostile.Marker)),
            Form("outcome with a line break", ("outcome", "agreed" + Hostile.CrLf)),
            Form("comment with a line break, outcome refused", ("outcome", "maybe"), ("comment", Hostile.CrLf)),
            Form("a field name with a line break", ("outcome" + Hostile.CrLf, "agreed")),
            Form("form token twice", (field, token), ("outcome", "maybe")),
            Form("a field name with NUL", ("out\0come", "agreed")),
            Form("2,000 fields", [.. Enumerable.Range(0, 2000).Select(i => ($"f{i}", "x"))]),
            Form("a field name of 3,000 characters", (Hostile.Overlong(3000), "x"), ("outcome", "maybe")),
            Form("a field of 4.5 MB", ("outcome", "changes-requested"), ("comment", Hostile.Overlong(4_500_000))),
            Post("broken percent-encoding", FormBodies.Form("", $"{targets.Form(true)}&outcome=%zz&comment=%")),
            Post("invalid UTF-8 in a value", new HostileBody("", [.. Encoding.UTF8.GetBytes(targets.Form(true) + "&outcome=agreed"), 0xFF, 0xFE], FormBodies.UrlEncoded)),
            Post("a form in UTF-16", FormBodies.Form("", refused) with { ContentType = FormBodies.UrlEncoded + "; charset=utf-16" }),
            Post("a form in a made-up charset", FormBodies.Form("", refused) with { ContentType = FormBodies.UrlEncoded + "; charset=klingon" }),
            .. FormBodies.BrokenMultipart(refused).Select(b => Post(b.What, b)),
            .. SubmissionForms.All(targets, route.Function),
        ];
    }

    /// <summary>The director's delegation form, from the same decision link.</summary>
    private static IEnumerable<HostileRequest> Delegate(FuzzTargets targets, HttpRoute route)
    {
        var link = $"/links/{targets.DecideToken}/delegate";
        var deputy = targets.Host.Deputy(FuzzHostFixture.Awaiting).Email;
        HostileRequest Post(string what, bool withToken, bool cookie, params (string, string)[] fields) =>
            new(route.Function, what, "POST", link) { Body = Encoding.UTF8.GetBytes(targets.Form(withToken, fields)), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = cookie };
        HostileRequest Until(string what, string until) => Post("until " + what, true, true, ("deputy", deputy), ("until", until));
        var refused = targets.Form(true, ("deputy", "nobody@example.org"), ("until", "2019-12-20"));
        return
        [
            .. CaseKit.RouteValues(targets, route, Defaults(targets), r => r with { Body = Encoding.UTF8.GetBytes(refused), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = true }, Specific(targets)),
            .. CaseKit.Methods(targets, route, link, r => r with { Body = Encoding.UTF8.GetBytes(refused), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = true }),
            .. CaseKit.Framings(route, link, FormBodies.Form("refused were it whole", refused), r => r with { WithAntiforgeryCookie = true }),
            // A delegation that would be recorded, were the form token not missing.
            Post("no form token, no cookie", false, false, ("deputy", deputy), ("until", "2019-12-20")),
            Post("form token without its cookie", true, false, ("deputy", deputy), ("until", "2019-12-20")),
            Post("cookie without the form token", false, true, ("deputy", deputy), ("until", "2019-12-20")),
            new(route.Function, "JSON, not a form", "POST", link) { Body = Encoding.UTF8.GetBytes($"{{\"deputy\": \"{deputy}\", \"until\": \"2019-12-20\"}}"), ContentType = "application/json", WithAntiforgeryCookie = true },
            // Answers the form refuses.
            Post("deputy nobody knows", true, true, ("deputy", "nobody@example.org"), ("until", "2019-12-20")),
            Post("deputy the director", true, true, ("deputy", targets.Host.Director(FuzzHostFixture.Awaiting).Email), ("until", "2019-12-20")),
            Post("deputy of another region", true, true, ("deputy", targets.Host.Deputy(FuzzHostFixture.Drafting).Email), ("until", "2019-12-20")),
            Post("deputy of 5,000 characters", true, true, ("deputy", Hostile.Overlong(5000)), ("until", "2019-12-20")),
            Post("deputy twice", true, true, ("deputy", deputy), ("deputy", deputy), ("until", "2019-12-20")),
            Post("until twice", true, true, ("deputy", deputy), ("until", "2019-12-20"), ("until", "2019-12-20")),
            Until("a month that does not exist", "2019-13-01"),
            Until("in the year 9999", "9999-12-31"),
            Until("yesterday", "2019-11-13"),
            Until("empty", ""),
            Until("with NUL", "2019-12-20\0"),
            Until("in full-width digits", "２０１９-１２-２０"),
            Until("with a time", "2019-12-20T00:00"),
            Until("past three months", "2020-06-01"),
            Until("the first day there is", "0001-01-01"),
            Until("without hyphens", "20191220"),
            Until("markup", Hostile.Marker),
            Post("deputy with a line break", true, true, ("deputy", deputy + Hostile.CrLf), ("until", "2019-12-20")),
            Post("until with a line break, deputy nobody knows", true, true, ("deputy", "nobody@example.org"), ("until", "2019-12-20" + Hostile.CrLf)),
            new(route.Function, "the PMO's link", "POST", $"/links/{targets.SubmitToken}/delegate") { Body = Encoding.UTF8.GetBytes(targets.Form(true, ("deputy", deputy), ("until", "2019-12-20"))), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = true },
            .. FormBodies.BrokenMultipart(refused).Take(3).Select(b => new HostileRequest(route.Function, b.What, "POST", link) { Body = b.Bytes, ContentType = b.ContentType, WithAntiforgeryCookie = true }),
        ];
    }

    /// <summary>
    /// The expired page's form. Every case is refused for its link, its form token or the address it gives: an address
    /// that could be read would be answered like any other, and the one it was sent to would have a mail sent.
    /// </summary>
    private static IEnumerable<HostileRequest> Renew(FuzzTargets targets, HttpRoute route)
    {
        var director = targets.Host.Director(FuzzHostFixture.Awaiting).Email;
        var expired = targets.Token(Core.Instances.LinkAction.Decide, FuzzHostFixture.Awaiting, director, 1, targets.Now.AddDays(-30));
        var link = $"/links/{expired}/renew";
        HostileRequest Post(string what, bool withToken, bool cookie, params (string, string)[] fields) =>
            new(route.Function, what, "POST", link) { Body = Encoding.UTF8.GetBytes(targets.Form(withToken, fields)), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = cookie };
        HostileRequest Email(string what, params string[] emails) => Post("email " + what, true, true, [.. emails.Select(e => ("email", e))]);
        HostileRequest RightAddress(string what, string token) => new(route.Function, "the right address, " + what, "POST", $"/links/{token}/renew")
        {
            Body = Encoding.UTF8.GetBytes(targets.Form(true, ("email", director))),
            ContentType = FormBodies.UrlEncoded,
            WithAntiforgeryCookie = true,
            MustRefuse = true,
        };
        var refused = targets.Form(true, ("email", director + Hostile.CrLf));
        return
        [
            .. CaseKit.RouteValues(targets, route, Defaults(targets), r => r with { Body = Encoding.UTF8.GetBytes(refused), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = true }, Specific(targets)),
            .. CaseKit.Methods(targets, route, link, r => r with { Body = Encoding.UTF8.GetBytes(refused), ContentType = FormBodies.UrlEncoded, WithAntiforgeryCookie = true }),
            .. CaseKit.Framings(route, link, FormBodies.Form("refused were it whole", refused), r => r with { WithAntiforgeryCookie = true }),
            // The right address, which would have a link sent, were the form token not missing or wrong.
            Post("no form token, no cookie", false, false, ("email", director)),
            Post("form token without its cookie", true, false, ("email", director)),
            Post("cookie without the form token", false, true, ("email", director)),
            Post("another visit's form token", false, true, (targets.AntiforgeryField.Key, targets.OtherAntiforgeryField.Value), ("email", director)),
            new(route.Function, "JSON, not a form", "POST", link) { Body = Encoding.UTF8.GetBytes($"{{\"email\": \"{director}\"}}"), ContentType = "application/json", WithAntiforgeryCookie = true },
            // The right address on a link still working, or on one that is not as signed: no new link for either.
            RightAddress("a link still working", targets.DecideToken),
            .. LinkTokens.All(targets).Where(t => !t.What.StartsWith("expired", StringComparison.Ordinal)).Take(9).Select(t => RightAddress("token " + t.What, t.Value)),
            // Addresses the form refuses.
            Email("missing"),
            Email("empty", ""),
            Email("only white space", " \t\u00a0"),
            Email("twice", director, director),
            Email("without an @", "director"),
            Email("with a line break", director + Hostile.CrLf),
            Email("with a bare CR", director + "\rBcc: someone@example.org"),
            Email("with NUL", director + "\0"),
            Email("with a line separator", director + "\u2028"),
            Email("of 255 characters", Hostile.Overlong(243) + "@example.org"),
            Email("of 300 KiB", Hostile.Overlong(300 * 1024) + "@example.org"),
            Email("markup without an @", Hostile.Marker),
            Email("markup and a line break", Hostile.Marker + "@example.org" + Hostile.CrLf),
            Post("a field name with a line break, no address", true, true, ("email" + Hostile.CrLf, director)),
            .. FormBodies.BrokenMultipart(refused).Take(3).Select(b => new HostileRequest(route.Function, b.What, "POST", link) { Body = b.Bytes, ContentType = b.ContentType, WithAntiforgeryCookie = true }),
        ];
    }

    private static IEnumerable<HostileRequest> Document(FuzzTargets targets, HttpRoute route)
    {
        (string, string)[] versions =
        [
            ("negative", "-1"), ("no such version", "99"), ("largest 32-bit", "2147483647"), ("smallest 32-bit", "-2147483648"),
            ("past 32 bits", "2147483648"), ("a fraction", "1.0"), ("an exponent", "1e3"), ("hexadecimal", "0x1"), ("Arabic-Indic digit", "%D9%A1"),
        ];
        return
        [
            .. CaseKit.RouteValues(targets, route, Defaults(targets), r => r, new Dictionary<string, IReadOnlyList<(string, string)>> { ["token"] = LinkTokens.All(targets), ["version"] = versions }),
            .. CaseKit.Methods(targets, route, $"/links/{LinkTokens.All(targets)[0].Value}/document/1", r => r),
        ];
    }
}
