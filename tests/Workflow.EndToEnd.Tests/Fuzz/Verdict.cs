using System.Text.Json;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// What every answer to a hostile request must be. Never a server error. A function's refusal says why: problem
/// details from the API, plain text from a calendar address, a page from the other pages. A write is never accepted.
/// Every page carries the pages' headers and shows nothing it was sent as markup. What the router or the server answers
/// itself (no function ran: a path no route has, a method the route does not take, a request that is not HTTP) is a
/// bare 4xx, as the Functions host's is.
/// </summary>
internal static class Verdict
{
    public static IEnumerable<string> Problems(HostileRequest request, HttpRoute? reached, WireResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Status == 0)
        {
            if (!request.ClientLeaves || response.Failure == WireClient.NoAnswerInTime)
            {
                yield return $"no answer: {response.Failure}";
            }
            yield break;
        }
        if (response.Status >= 500)
        {
            yield return $"answered {response.Status}";
        }
        if (request.MustRefuse && response.Status < 400)
        {
            yield return $"a tampered token was taken: {response.Status}";
        }
        if (request.Expected is { } expected && response.Status != expected)
        {
            yield return $"answered {response.Status}, not {expected}";
        }
        // What a request carried after a line break must never come back as a header of the answer.
        if (response.Header(Hostile.InjectedHeader) is not null || response.Header("Set-Cookie")?.Contains("a=b", StringComparison.Ordinal) == true)
        {
            yield return "a header injected through a line break in what was sent";
        }
        var head = request.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase);
        var read = head || request.Method.Equals("GET", StringComparison.OrdinalIgnoreCase);
        if (reached is null)
        {
            if (response.Status is < 400 or >= 500)
            {
                yield return $"answered {response.Status} with no function reached";
            }
        }
        else if (response.Status is >= 400 and < 500)
        {
            foreach (var problem in Refusal(reached, response, head))
            {
                yield return problem;
            }
        }
        else if (!read && response.Status < 400)
        {
            yield return $"a hostile write was accepted with {response.Status}";
        }
        if (response.MediaType == "text/html")
        {
            foreach (var (header, value) in ((string, string)[])[("Content-Security-Policy", "frame-ancestors 'none'"), ("X-Frame-Options", "DENY"), ("X-Content-Type-Options", "nosniff")])
            {
                if (response.Header(header)?.Contains(value, StringComparison.Ordinal) != true)
                {
                    yield return $"a page without {header}: {value}";
                }
            }
            if (response.Text.Contains(Hostile.Marker, StringComparison.OrdinalIgnoreCase))
            {
                yield return "a page that shows what it was sent as markup";
            }
        }
    }

    private static IEnumerable<string> Refusal(HttpRoute reached, WireResponse response, bool head)
    {
        if (!head && response.Body.Length == 0)
        {
            yield return $"{reached.Function} refused with {response.Status} and said nothing";
            yield break;
        }
        if (reached.IsApi)
        {
            if (response.MediaType != "application/problem+json")
            {
                yield return $"an API refusal as {response.MediaType ?? "no content type"}, not problem details";
            }
            else if (!head && !IsProblem(response))
            {
                yield return "problem details without the answer's status and a title";
            }
        }
        else if (reached.IsCalendarAddress)
        {
            if (response.MediaType != "text/plain")
            {
                yield return $"a calendar address's refusal as {response.MediaType ?? "no content type"}, not plain text";
            }
        }
        else if (response.MediaType != "text/html")
        {
            yield return $"a refusal as {response.MediaType ?? "no content type"}, not a page";
        }
    }

    private static bool IsProblem(WireResponse response)
    {
        try
        {
            using var problem = JsonDocument.Parse(response.Body);
            return problem.RootElement.TryGetProperty("status", out var status) && status.TryGetInt32(out var code) && code == response.Status
                && problem.RootElement.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
