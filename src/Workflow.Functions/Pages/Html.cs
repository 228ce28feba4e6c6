using System.Globalization;
using Workflow.Functions.Pages.Components;

namespace Workflow.Functions.Pages;

/// <summary>
/// What every page shares: dates and times as the NHS writes them, the headers every page carries, and the pages that
/// say what went wrong. The pages themselves are Razor components under Components, rendered by <see cref="PageRenderer"/>.
/// </summary>
internal static class Html
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>A date as the NHS writes it, with its weekday and time in London: "Friday 27 September 2019, 5pm".</summary>
    public static string When(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, London);
        return $"{Day(local)}, {Time(local)}";
    }

    /// <summary>The day alone, in London: "Friday 27 September 2019".</summary>
    public static string Day(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, London).ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A number of systems in words: "1 system", "42 systems".</summary>
    public static string Systems(int count) => count == 1 ? "1 system" : $"{count} systems";

    /// <summary>
    /// A time as the NHS style guide writes it: "5pm", "10:30am", and "midday" and "midnight" rather than 12pm and 12am,
    /// which people read both ways.
    /// </summary>
    private static string Time(DateTimeOffset local) => (local.Hour, local.Minute) switch
    {
        (0, 0) => "midnight",
        (12, 0) => "midday",
        var (hour, minute) => string.Create(CultureInfo.InvariantCulture,
            $"{(hour % 12 == 0 ? 12 : hour % 12)}{(minute == 0 ? "" : $":{minute:00}")}{(hour < 12 ? "am" : "pm")}"),
    };

    public static IResult Guarded(IResult page) => new GuardedPage(page);

    /// <summary>
    /// A page with the headers every page carries. Pages are reached by personal links: no other site may frame them,
    /// nothing but this service's own styles and images may load in them, and the link never leaves in a Referer.
    /// Inline styles are allowed for the mail previews, whose sandboxed frames run no script.
    /// </summary>
    private sealed class GuardedPage(IResult page) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var headers = httpContext.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return page.ExecuteAsync(httpContext);
        }
    }

    /// <summary>A page that says what went wrong and what to do instead; never a stack trace.</summary>
    public static IResult Problem(int status, string title, string explanation, string next) =>
        new ComponentPage<ProblemPage>(new Dictionary<string, object?>
        {
            [nameof(ProblemPage.Title)] = title,
            [nameof(ProblemPage.Explanation)] = explanation,
            [nameof(ProblemPage.Next)] = next,
        }, status);

    /// <summary>The page for a round that is not there, whichever dashboard page asked for it.</summary>
    public static IResult NoRound(string round) =>
        Problem(StatusCodes.Status404NotFound, "Round not found", $"There is no round '{round}'.", "Go back to the dashboard and choose a round.");

    /// <summary>A signed-in page refused to the person named: what is refused, and how to get access.</summary>
    public static IResult Refused(int status, string title, string explanation, string? signedIn) =>
        new ComponentPage<RefusedPage>(new Dictionary<string, object?>
        {
            [nameof(RefusedPage.Title)] = title,
            [nameof(RefusedPage.Explanation)] = explanation,
            [nameof(RefusedPage.SignedIn)] = signedIn,
        }, status);
}
