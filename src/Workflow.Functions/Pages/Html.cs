using System.Globalization;
using System.Net;
using System.Text;
using Workflow.Functions.Pages.Components;

namespace Workflow.Functions.Pages;

/// <summary>
/// Server-rendered pages in the NHS.UK frontend's markup. Every value goes through <see cref="E"/>, so nothing
/// a person typed (a comment, a file name) can become markup.
/// </summary>
internal static class Html
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A date as the NHS writes it, with its weekday and time in London: "Friday 27 September 2019, 5pm".</summary>
    public static string When(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, London);
        return $"{Day(local)}, {Time(local)}";
    }

    /// <summary>The day alone, in London: "Friday 27 September 2019".</summary>
    public static string Day(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, London).ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

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

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK) =>
        Guarded(Results.Content(Layout(title, body), "text/html; charset=utf-8", Encoding.UTF8, status));

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

    /// <summary>A signed-in page refused to the person named: what is refused, and how to get access.</summary>
    public static IResult Refused(int status, string title, string explanation, string? signedIn) =>
        new ComponentPage<RefusedPage>(new Dictionary<string, object?>
        {
            [nameof(RefusedPage.Title)] = title,
            [nameof(RefusedPage.Explanation)] = explanation,
            [nameof(RefusedPage.SignedIn)] = signedIn,
        }, status);

    public static string Layout(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <meta name="robots" content="noindex, nofollow">
          <title>{E(title)} – Strategic planning round</title>
          <link rel="stylesheet" href="/assets/nhsuk-frontend.min.css">
        </head>
        <body class="js-enabled">
          <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
          <header class="nhsuk-header" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
              <div class="nhsuk-header__service">
                <span class="nhsuk-header__service-name">Strategic planning round</span>
              </div>
            </div>
          </header>
          <div class="nhsuk-width-container">
            <main class="nhsuk-main-wrapper" id="maincontent" role="main">
        {body}
            </main>
          </div>
          <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-footer__container nhsuk-width-container">
              <p class="nhsuk-body-s">NHS England planning round service. Links in e-mails are personal: please do not forward them.</p>
            </div>
          </footer>
        </body>
        </html>
        """;

    /// <summary>A summary list of label–value rows; values are encoded here.</summary>
    public static string Summary(IEnumerable<(string Label, string Value)> rows) =>
        "<dl class=\"nhsuk-summary-list\">" + string.Concat(rows.Select(r =>
            $"<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">{E(r.Label)}</dt><dd class=\"nhsuk-summary-list__value\">{E(r.Value)}</dd></div>")) + "</dl>";

    /// <summary>One choice of several, in a form group: the legend is markup (a heading or words), the options' labels are encoded.</summary>
    public static string Radios(FormInput? input, string name, string legend, params (string Value, string Label)[] options)
    {
        var chosen = input?.Value(name);
        var items = string.Concat(options.Select(o => $"""
            <div class="nhsuk-radios__item">
              <input class="nhsuk-radios__input" id="{E(name)}-{E(o.Value)}" name="{E(name)}" type="radio" value="{E(o.Value)}"{(o.Value == chosen ? " checked" : "")}>
              <label class="nhsuk-label nhsuk-radios__label" for="{E(name)}-{E(o.Value)}">{E(o.Label)}</label>
            </div>
            """));
        return $"""
            <div class="{Group(input, name)}">
              <fieldset class="nhsuk-fieldset"{Described(input, name, hint: null)}>
                {legend}
                {ErrorMessage(input, name)}
                <div class="nhsuk-radios">{items}</div>
              </fieldset>
            </div>
            """;
    }

    /// <summary>A one-line answer with its label, hint and any error, holding what was typed.</summary>
    public static string TextField(FormInput? input, string name, string label, string? hint = null, string type = "text", string attributes = "", string width = "")
    {
        var error = input?.ErrorFor(name) is not null ? " nhsuk-input--error" : "";
        return $"""
            <div class="{Group(input, name)}">
              <label class="nhsuk-label" for="{E(name)}">{E(label)}</label>
              {Hint(name, hint)}
              {ErrorMessage(input, name)}
              <input class="nhsuk-input{width}{error}" id="{E(name)}" name="{E(name)}" type="{type}" value="{E(input?.Value(name))}"{attributes}{Described(input, name, hint)}>
            </div>
            """;
    }

    /// <summary>A longer answer with its label, hint and any error, holding what was written.</summary>
    public static string TextArea(FormInput? input, string name, string label, string? hint, int rows, string labelClass = "")
    {
        var error = input?.ErrorFor(name) is not null ? " nhsuk-textarea--error" : "";
        return $"""
            <div class="{Group(input, name)}">
              <label class="nhsuk-label{labelClass}" for="{E(name)}">{E(label)}</label>
              {Hint(name, hint)}
              {ErrorMessage(input, name)}
              <textarea class="nhsuk-textarea{error}" id="{E(name)}" name="{E(name)}" rows="{rows}"{Described(input, name, hint)}>{E(input?.Value(name))}</textarea>
            </div>
            """;
    }

    /// <summary>A file to upload; a browser cannot be handed a file back, so only the error is kept.</summary>
    public static string FileField(FormInput? input, string name, string label, string hint) => $"""
        <div class="{Group(input, name)}">
          <label class="nhsuk-label" for="{E(name)}">{E(label)}</label>
          {Hint(name, hint)}
          {ErrorMessage(input, name)}
          <input class="nhsuk-file-upload{(input?.ErrorFor(name) is not null ? " nhsuk-file-upload--error" : "")}" id="{E(name)}" name="{E(name)}" type="file"{Described(input, name, hint)}>
        </div>
        """;

    /// <summary>At the top of a page sent back: what to correct, linked to the answer, announced to screen readers.</summary>
    public static string ErrorSummary(FormInput? input) => input is not { Error: var error } ? "" : $"""
        <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
          <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
          <div class="nhsuk-error-summary__body">
            <ul class="nhsuk-list nhsuk-error-summary__list"><li><a href="#{E(error.Anchor ?? error.Field)}">{E(error.Message)}</a></li></ul>
          </div>
        </div>
        """;

    private static string Group(FormInput? input, string name) =>
        input?.ErrorFor(name) is null ? "nhsuk-form-group" : "nhsuk-form-group nhsuk-form-group--error";

    private static string Hint(string name, string? hint) =>
        hint is null ? "" : $"""<div class="nhsuk-hint" id="{E(name)}-hint">{E(hint)}</div>""";

    private static string ErrorMessage(FormInput? input, string name) => input?.ErrorFor(name) is not { } message ? "" :
        $"""<span class="nhsuk-error-message" id="{E(name)}-error"><span class="nhsuk-u-visually-hidden">Error:</span> {E(message)}</span>""";

    private static string Described(FormInput? input, string name, string? hint)
    {
        var ids = new[] { hint is null ? null : $"{name}-hint", input?.ErrorFor(name) is null ? null : $"{name}-error" }.OfType<string>().ToList();
        return ids.Count == 0 ? "" : $" aria-describedby=\"{E(string.Join(' ', ids))}\"";
    }

    public static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">";
}
