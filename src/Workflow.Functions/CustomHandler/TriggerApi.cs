using System.Text.Json;
using Workflow.Functions.Durable;

namespace Workflow.Functions.CustomHandler;

/// <summary>
/// The timer and queue functions as the Functions host invokes them: a POST to the function's name with the
/// invocation payload. A non-2xx answer fails the invocation, and the host delivers a queue message again.
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

    private static async Task<IResult> DispatchAsync(HttpRequest request, Dispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, cancellationToken) is not { } invocation
            || invocation.Data?.GetValueOrDefault("item") is not { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } item)
        {
            return Results.Problem(title: "Not a queue invocation", detail: "The body must be the Functions host's invocation JSON with Data.item.", statusCode: StatusCodes.Status400BadRequest);
        }
        // The host passes the message as a JSON string, or as the object itself when the text is JSON.
        var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
        // A failed try is answered as handled too: the dispatcher has queued the next one, with its own wait. Only an
        // exception fails the invocation, for the host to deliver the message again after its visibility timeout.
        var outcome = await dispatcher.DispatchAsync(text, cancellationToken);
        return Results.Json(InvocationResponse.WithLogs(outcome.ToString()), InvocationJson.Default.InvocationResponse);
    }

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
