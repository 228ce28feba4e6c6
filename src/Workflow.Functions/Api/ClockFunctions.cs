using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Functions.Orchestration;
using Workflow.Functions.SignIn;
using Workflow.Storage;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Api;

/// <summary>Reads the service's clock, and moves a virtual clock forward to rehearse a round. Real time cannot be moved.</summary>
public sealed class ClockFunctions(TimeProvider time, ClockStore store, RoundStore rounds, PlanningClient planning, Access access)
{
    [Function("GetClock")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/clock")] HttpRequest request) =>
        access.Require(request).Refusal ?? TypedResults.Ok(new ClockView(time.GetUtcNow(), time is VirtualClock));

    [Function("AdvanceClock")]
    public async Task<IResult> AdvanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/clock")] HttpRequest http, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (access.RequireRoundChanges(http).Refusal is { } refused)
        {
            return refused;
        }
        if (time is not VirtualClock clock)
        {
            return TypedResults.Problem(title: "The clock is real", detail: "Only a virtual clock (setting Clock:Start) can be moved.", statusCode: StatusCodes.Status409Conflict);
        }
        var (body, error) = await Http.ReadBodyAsync(http, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        ClockRequest? request;
        try
        {
            request = string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize(body, ApiJson.Default.ClockRequest);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request?.AdvanceTo is not { } to)
        {
            return TypedResults.Problem(title: "Bad request", detail: "advanceTo is required: an instant with its offset, such as 2019-09-27T09:00:00+01:00.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (to >= VirtualClock.Latest)
        {
            return TypedResults.Problem(title: "Bad request", detail: $"advanceTo must be before {VirtualClock.Latest:yyyy-MM-dd}.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!clock.AdvanceTo(to))
        {
            return TypedResults.Problem(title: "Not possible", detail: $"The clock is at {clock.GetUtcNow():u}; it only moves forward.", statusCode: StatusCodes.Status409Conflict);
        }
        // Saved before the instances are told, so a crash between the two leaves a restart to tell them the same.
        await store.SaveAsync(clock.Setting(), cancellationToken);
        foreach (var round in (await rounds.ListAsync(cancellationToken)).Select(r => r.Round).Distinct())
        {
            await planning.MoveClockAsync(client, round, cancellationToken);
        }
        return TypedResults.Ok(new ClockView(clock.GetUtcNow(), true));
    }
}
