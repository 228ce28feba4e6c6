using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflow.Functions.Durable;

namespace Workflow.Functions.CustomHandler;

/// <summary>
/// The timer and queue functions as the Functions host invokes them: a POST to the function's name with the
/// invocation payload. A non-2xx answer fails the invocation, and the host retries a queue message.
/// </summary>
public static class TriggerApi
{
    public static IEndpointRouteBuilder MapTriggerApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/Tick", TickAsync);
        app.MapPost("/Dispatch", DispatchAsync);
        return app;
    }

    private static async Task<IResult> TickAsync(HttpRequest request, Ticker ticker, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, cancellationToken) is null)
        {
            return Results.Problem(title: "Not a timer invocation", detail: "The body must be the Functions host's invocation JSON.", statusCode: StatusCodes.Status400BadRequest);
        }
        var woken = await ticker.TickAsync(cancellationToken);
        return Results.Json(InvocationResponse.WithLogs($"{woken.Count} instances woken"), InvocationJson.Default.InvocationResponse);
    }

    private static async Task<IResult> DispatchAsync(HttpRequest request, Dispatcher dispatcher, IOptions<WorkflowOptions> options, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, cancellationToken) is not { } invocation
            || invocation.Data?.GetValueOrDefault("item") is not { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } item)
        {
            return Results.Problem(title: "Not a queue invocation", detail: "The body must be the Functions host's invocation JSON with Data.item.", statusCode: StatusCodes.Status400BadRequest);
        }
        // The host passes the message as a JSON string, or as the object itself when the text is JSON.
        var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
        var dequeueCount = invocation.Metadata?.GetValueOrDefault("DequeueCount") is { } count ? ReadCount(count) : 1;
        var outcome = await dispatcher.DispatchAsync(text, dequeueCount, options.Value.MaxDequeueCount, cancellationToken);
        return outcome == DispatchOutcome.Retry
            ? Results.Json(InvocationResponse.WithLogs("send failed; the host will retry"), InvocationJson.Default.InvocationResponse, statusCode: StatusCodes.Status500InternalServerError)
            : Results.Json(InvocationResponse.WithLogs(outcome.ToString()), InvocationJson.Default.InvocationResponse);
    }

    private static long ReadCount(JsonElement count) => count.ValueKind switch
    {
        JsonValueKind.Number => count.GetInt64(),
        JsonValueKind.String when long.TryParse(count.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => 1,
    };

    private static async Task<InvocationRequest?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, InvocationJson.Default.InvocationRequest, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
