using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Workflow.Functions.Pages;

namespace Workflow.Functions;

/// <summary>
/// What a request that failed unexpectedly gets: an error people meet on a page is a page, the API's callers get problem
/// details. The Functions host runs this as worker middleware; the local host as its exception handler.
/// </summary>
public sealed class ErrorResponses(ILogger<ErrorResponses> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            Log.RequestFailed(logger, http.Request.Path, ex);
            await WriteAsync(http);
        }
    }

    /// <summary>Writes the 500 for a request that failed; the exception itself is never shown.</summary>
    public static async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (!context.Request.Path.StartsWithSegments("/links") && !context.Request.Path.StartsWithSegments("/mail"))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong", Detail = "The service could not finish the request; it may or may not have been recorded. Read the resource again before retrying." },
            });
            return;
        }
        await Html.Problem(StatusCodes.Status500InternalServerError, "Sorry, something went wrong",
            "The service could not finish this just now. If you sent something, it may or may not have been recorded.",
            "Open the link from the e-mail again in a few minutes: the page will show what was recorded.").ExecuteAsync(context);
    }
}
