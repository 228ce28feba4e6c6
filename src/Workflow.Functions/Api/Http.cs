using System.Text;
using Workflow.Core;

namespace Workflow.Functions.Api;

/// <summary>The one place that turns the workflow's outcomes into HTTP: problem details for every error.</summary>
internal static class Http
{
    /// <summary>Requests here are small JSON documents or round files; anything larger is refused unread.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static async Task<(string? Body, IResult? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge());
            }
            buffer.Write(chunk, 0, read);
        }
        return (Encoding.UTF8.GetString(buffer.ToArray()), null);
    }

    /// <summary>
    /// Answers "not found" for a round or system in the path that nothing could be called, before anything reads
    /// storage with it: a key storage would refuse must not come back as a server error.
    /// </summary>
    public static RouteGroupBuilder RefusingMalformedIds(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var values = context.HttpContext.Request.RouteValues;
            return values.TryGetValue("round", out var round) && !RoundId.IsWellFormed(round as string) ? NotFound("There is no round by that name.")
                : values.TryGetValue("system", out var system) && !SystemCode.IsWellFormed(system as string) ? NotFound("There is no system by that code.")
                : await next(context);
        });

    public static IResult NotFound(string what) =>
        Results.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string detail) =>
        Results.Problem(title: "Not possible now", detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult BadRequest(string detail) =>
        Results.Problem(title: "Bad request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid");

    /// <summary>Every problem of a round file, keyed by JSON path.</summary>
    public static IResult Invalid(IEnumerable<Problem> problems) =>
        Invalid(problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));

    private static IResult TooLarge() =>
        Results.Problem(title: "Request too large", detail: $"Requests are limited to {MaxBodyBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
