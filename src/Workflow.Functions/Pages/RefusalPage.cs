using Workflow.Functions.Pages.Components;

namespace Workflow.Functions.Pages;

/// <summary>A refused page, rendered only when it is answered, so the guard that decides it can stay synchronous.</summary>
internal sealed class RefusalPage(int status, string title, string explanation, string? signedInName) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var pages = httpContext.RequestServices.GetRequiredService<PageRenderer>();
        var page = await pages.PageAsync<RefusedPage>(new Dictionary<string, object?>
        {
            [nameof(RefusedPage.Title)] = title,
            [nameof(RefusedPage.Explanation)] = explanation,
            [nameof(RefusedPage.SignedIn)] = signedInName,
        }, status);
        await page.ExecuteAsync(httpContext);
    }
}
