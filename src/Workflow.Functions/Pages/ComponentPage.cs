namespace Workflow.Functions.Pages;

/// <summary>
/// A page component rendered only when the result is answered, with the request's own renderer, so the code that
/// decides on it (a guard, a refusal deep in a function) can stay synchronous and needs no renderer of its own.
/// </summary>
internal sealed class ComponentPage<TComponent>(IDictionary<string, object?> parameters, int status) : IResult, IStatusCodeHttpResult
    where TComponent : Microsoft.AspNetCore.Components.IComponent
{
    public int? StatusCode => status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var pages = httpContext.RequestServices.GetRequiredService<PageRenderer>();
        await (await pages.PageAsync<TComponent>(parameters, status)).ExecuteAsync(httpContext);
    }
}
