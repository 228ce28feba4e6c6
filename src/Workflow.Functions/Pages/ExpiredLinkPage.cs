using Microsoft.AspNetCore.Antiforgery;
using Workflow.Functions.Pages.Components;

namespace Workflow.Functions.Pages;

/// <summary>
/// The page of a link that has expired (410), or the same page sent back (400) when the address given cannot be read.
/// Its form needs a form token, which needs the request, so the page is drawn when it is answered.
/// </summary>
internal sealed class ExpiredLinkPage(string token, DateTimeOffset expired, FormInput? input = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var tokens = httpContext.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(httpContext);
        return new ComponentPage<LinkExpiredPage>(new Dictionary<string, object?>
        {
            [nameof(LinkExpiredPage.Link)] = token,
            [nameof(LinkExpiredPage.Expired)] = expired,
            [nameof(LinkExpiredPage.Token)] = new FormToken(tokens.FormFieldName, tokens.RequestToken ?? ""),
            [nameof(LinkExpiredPage.Input)] = input,
        }, input is null ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest).ExecuteAsync(httpContext);
    }
}
