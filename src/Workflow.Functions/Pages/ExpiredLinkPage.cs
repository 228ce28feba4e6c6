using Microsoft.AspNetCore.Antiforgery;
using static Workflow.Functions.Pages.Html;

namespace Workflow.Functions.Pages;

/// <summary>
/// The page of a link that has expired, with a form to have a new one sent; the same page sent back when the address
/// given cannot be read. The form needs a form token, which needs the request, so the page is made when it is answered.
/// </summary>
internal sealed class ExpiredLinkPage(string token, DateTimeOffset expired, FormInput? input = null) : IResult
{
    public const string EmailField = "email";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var tokens = httpContext.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(httpContext);
        const string title = "This link has expired";
        var body = $"""
            {ErrorSummary(input)}
            <h1 class="nhsuk-heading-l">{E(title)}</h1>
            <p class="nhsuk-body-l">{E($"Links in e-mails work for a limited time; this one expired on {When(expired)}.")}</p>
            <h2 class="nhsuk-heading-m">Get a new link</h2>
            <p class="nhsuk-body">Give the e-mail address this link was sent to. If it is that address, a new link is sent to it.</p>
            <form method="post" action="/links/{E(token)}/renew" novalidate>
              {Hidden(tokens.FormFieldName, tokens.RequestToken ?? "")}
              {TextField(input, EmailField, "Your e-mail address", type: "email", attributes: " autocomplete=\"email\" spellcheck=\"false\"")}
              <button class="nhsuk-button" type="submit">Send me a new link</button>
            </form>
            <div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>Or use the link in the most recent e-mail about this plan, or ask the regional team to send a new one.</p></div>
            """;
        var page = input is null ? Page(title, body, StatusCodes.Status410Gone) : Page($"Error: {title}", body, StatusCodes.Status400BadRequest);
        return page.ExecuteAsync(httpContext);
    }
}
