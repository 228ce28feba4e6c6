using System.Text;
using Workflow.Core;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Api;

/// <summary>The one place that turns the workflow's outcomes into HTTP: problem details for every error.</summary>
internal static class Http
{
    /// <summary>Requests here are small JSON documents or round files; anything larger is refused unread.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>
    /// The body as UTF-8 text, or the problem with it: too large, in another charset, or broken in transit (a bad chunk,
    /// a body shorter than its Content-Length). Every route reads its body here, so none of these is ever a 500.
    /// </summary>
    public static async Task<(string? Body, IResult? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge(MaxBodyBytes));
        }
        if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.Charset.Value is { Length: > 0 } charset && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, BadRequest($"The body must be JSON in UTF-8; charset '{charset}' is not read."));
        }
        var (bytes, error) = await ReadBytesAsync(request, MaxBodyBytes, cancellationToken);
        return (bytes is null ? null : Encoding.UTF8.GetString(bytes), error);
    }

    /// <summary>
    /// The body's bytes as they came, for a route that must check them before reading them (a signature over the raw
    /// body), or the problem with it: more than <paramref name="maxBytes"/>, or broken in transit.
    /// </summary>
    public static async Task<(byte[]? Body, IResult? Error)> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, BadRequest($"The request body could not be read: {ex.Message}"));
        }
        return (buffer.ToArray(), null);
    }

    /// <summary>
    /// Answers "not found" for a round or system in the path that nothing could be called, before anything reads
    /// storage with it: a key storage would refuse must not come back as a server error.
    /// </summary>
    public static IResult? Malformed(string round, string? system = null) =>
        !RoundId.IsWellFormed(round) ? NotFound("There is no round by that name.")
        : system is not null && !SystemCode.IsWellFormed(system) ? NotFound("There is no system by that code.")
        : null;

    /// <summary>"Not found" for a round nothing could be called, or one not stored; null for a stored round.</summary>
    public static async Task<IResult?> UnknownRoundAsync(RoundCatalog catalog, string round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Malformed(round) ?? (await catalog.GetAsync(new RoundId(round), cancellationToken: cancellationToken) is null
            ? NotFound($"There is no round '{round}'.")
            : null);
    }

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

    private static IResult TooLarge(int maxBytes) =>
        Results.Problem(title: "Request too large", detail: $"Requests are limited to {maxBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
