using Workflow.Functions.SignIn;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// The sent-mail pages, the help pages and the pages' styles: reads only, so what matters is what they answer, never a
/// file they should not.
/// </summary>
internal static class PageFuzzers
{
    public static IReadOnlyDictionary<string, RouteFuzzer> All { get; } = new Dictionary<string, RouteFuzzer>(StringComparer.Ordinal)
    {
        ["SentMail"] = new("mail", ["GET"], SentMail),
        ["SentMessage"] = new("mail/{file}", ["GET"], SentMessage),
        ["Asset"] = new("assets/{*path}", ["GET", "HEAD"], Asset),
        ["HelpAccessibility"] = new("help/accessibility", ["GET"], Help),
        ["HelpPrivacy"] = new("help/privacy", ["GET"], Help),
        ["HelpContact"] = new("help/contact", ["GET"], Help),
    };

    /// <summary>Pages of fixed text: a query, or a signed-in person's cookie, must not change what they answer.</summary>
    private static IEnumerable<HostileRequest> Help(FuzzTargets targets, HttpRoute route)
    {
        var path = "/" + route.Template;
        return
        [
            .. CaseKit.Methods(targets, route, path, r => r),
            .. CaseKit.Queries(route, path, $"q={Hostile.EncodedMarker}", "q=%00", $"q={Hostile.Overlong(4000)}", "%00=%00"),
            new HostileRequest(route.Function, "a sign-in cookie that is not one", "GET", path) { Headers = [("Cookie", $"{SignInCookie.Name}={Hostile.EncodedMarker}")] },
        ];
    }

    private static IEnumerable<HostileRequest> SentMail(FuzzTargets targets, HttpRoute route) =>
    [
        .. CaseKit.Methods(targets, route, "/mail", r => r),
        .. CaseKit.Queries(route, "/mail", $"q={Hostile.EncodedMarker}", "q=%00", $"q={Hostile.Overlong(4000)}", "q=%FF%FE", "q=a&q=b", "q=%E2%80%AE", "%00=%00"),
        // Forwarded for someone elsewhere: the page does not exist for them. Forwarded for this machine, or nonsense: it does.
        new HostileRequest(route.Function, "forwarded for another address", "GET", "/mail") { Headers = [("X-Forwarded-For", "198.51.100.20")] },
        new HostileRequest(route.Function, "forwarded for an IPv6 address elsewhere", "GET", "/mail") { Headers = [("X-Forwarded-For", "2001:db8::1")] },
        new HostileRequest(route.Function, "forwarded for garbage", "GET", "/mail") { Headers = [("X-Forwarded-For", "not-an-address, " + Hostile.Marker)] },
        new HostileRequest(route.Function, "forwarded for many", "GET", "/mail") { Headers = [("X-Forwarded-For", string.Join(", ", Enumerable.Repeat("198.51.100.20", 200)))] },
    ];

    private static IEnumerable<HostileRequest> SentMessage(FuzzTargets targets, HttpRoute route)
    {
        var file = targets.MailFile;
        (string, string)[] files =
        [
            ("a well-formed name never saved", "20190627T080000-0000000000000000.json"),
            ("a saved name in upper case", file.ToUpperInvariant()),
            ("a saved name with NUL", file + "%00"),
            ("a saved name up a folder", "..%2f" + file),
            ("a saved name without its extension", file[..^5]),
            ("a saved name with another extension", file[..^5] + ".html"),
            ("the mail folder's parent's files", "..%2f..%2f..%2fappsettings.json"),
        ];
        return
        [
            .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["file"] = file }, r => r, new Dictionary<string, IReadOnlyList<(string, string)>> { ["file"] = files }),
            .. CaseKit.Methods(targets, route, "/mail/" + file, r => r),
            new HostileRequest(route.Function, "a saved message, forwarded for another address", "GET", "/mail/" + file) { Headers = [("X-Forwarded-For", "198.51.100.20")] },
        ];
    }

    private static IEnumerable<HostileRequest> Asset(FuzzTargets targets, HttpRoute route)
    {
        (string, string)[] paths =
        [
            ("the settings, up two folders", "..%2f..%2fappsettings.json"),
            ("the app, up folders raw", "../../Workflow.Functions.dll"),
            ("the app, up folders encoded", "%2e%2e/%2e%2e/Workflow.Functions.dll"),
            ("the stylesheet with NUL", "nhsuk-frontend.min.css%00"),
            ("the stylesheet in upper case", "NHSUK-FRONTEND.MIN.CSS"),
            ("the stylesheet with a trailing slash", "nhsuk-frontend.min.css/"),
            ("the stylesheet as a folder", "nhsuk-frontend.min.css/x"),
            ("an absolute path", "/etc/passwd"),
            ("a Windows path", "..%5c..%5cweb.config"),
            ("nothing", ""),
        ];
        return
        [
            .. CaseKit.RouteValues(targets, route, new Dictionary<string, string> { ["path"] = "nhsuk-frontend.min.css" }, r => r, new Dictionary<string, IReadOnlyList<(string, string)>> { ["path"] = paths }),
            .. CaseKit.Methods(targets, route, "/assets/nhsuk-frontend.min.css", r => r),
            new HostileRequest(route.Function, "HEAD of a file not there", "HEAD", "/assets/..%2fappsettings.json"),
            new HostileRequest(route.Function, "a range past the end", "GET", "/assets/nhsuk-frontend.min.css") { Headers = [("Range", "bytes=99999999-")] },
            new HostileRequest(route.Function, "a range backwards", "GET", "/assets/nhsuk-frontend.min.css") { Headers = [("Range", "bytes=5-1")] },
            new HostileRequest(route.Function, "an If-Modified-Since that is not a date", "GET", "/assets/nhsuk-frontend.min.css") { Headers = [("If-Modified-Since", Hostile.Marker)] },
        ];
    }
}
