using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Instances;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Orchestration;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;

namespace Workflow.Functions.Api;

/// <summary>
/// The management API, in the spirit of Durable Functions' HTTP API: list and filter instances (from the status table),
/// read one with its journal and its Durable runtime status, raise an event, suspend, resume, terminate, restart and
/// purge a withdrawn instance's orchestration history.
/// Suspending and the rest are domain events, so the state machine itself holds back every prompt while suspended.
/// </summary>
public sealed class InstancesFunctions(
    RoundStore rounds, RoundCatalog catalog, StatusStore status, JournalStore journal, DeliveryStore deliveries,
    InstanceActions actions, StatusPages pages, ReferenceData reference, Access access, TimeProvider time, ILogger<InstancesFunctions> logger)
{
    private const int DefaultPageSize = 50;
    private static readonly string[] Filters = ["round", "region", "stage", "overdue", "escalated"];
    private const int MaxKeyLength = 64;

    [Function("GetInstance")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{round}/{system}")] HttpRequest request,
        string round, string system, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (access.Require(request, Permission.See, system).Refusal is { } refused)
        {
            return refused;
        }
        if (Http.Malformed(round, system) is { } malformed)
        {
            return malformed;
        }
        var id = new InstanceId(new RoundId(round), new SystemCode(system));
        if (await journal.GetAsync(id, cancellationToken) is not { } snapshot)
        {
            return Http.NotFound($"There is no instance for system '{system}' in round '{round}'.");
        }
        var state = snapshot.State;
        var stored = await catalog.GetAsync(id.Round, state.RoundVersion, cancellationToken);
        var runtime = Views.Of(await client.GetInstanceAsync(PlanningOrchestrator.InstanceIdFor(id), getInputsAndOutputs: false, cancellationToken));
        if (request.Query["showHistory"] == "false")
        {
            return Results.Ok(Views.Of(state, stored!.Round, reference.Directory, time.GetUtcNow(), runtime));
        }
        var history = journal.ReadAsync(id, cancellationToken);
        var sent = deliveries.ListAsync(id, cancellationToken);
        return Results.Ok(Views.Of(state, stored!.Round, reference.Directory, time.GetUtcNow(), runtime, await history, await sent));
    }

    [Function("RaiseEvent")]
    public Task<IResult> RaiseEventAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{round}/{system}/raiseEvent/{eventName}")] HttpRequest request,
        string round, string system, string eventName, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        RaiseAsync(request, round, system, eventName, client, cancellationToken);

    /// <summary>The same events by the round API's path, as PMOs' and directors' own systems post them.</summary>
    [Function("RecordSystemEvent")]
    public Task<IResult> RecordAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/rounds/{round}/systems/{system}/{eventName}")] HttpRequest request,
        string round, string system, string eventName, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        RaiseAsync(request, round, system, eventName, client, cancellationToken);

    [Function("ControlInstance")]
    public async Task<IResult> ControlAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{round}/{system}/{operation}")] HttpRequest request,
        string round, string system, string operation, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (access.Require(request, Permission.Act, system).Refusal is { } refused)
        {
            return refused;
        }
        if (Http.Malformed(round, system) is { } malformed)
        {
            return malformed;
        }
        // Operations are matched exactly, before anything is read: a name the API does not have is never some other operation.
        var act = InstanceActions.Operation(operation);
        if (act is null && operation != "purge")
        {
            return Http.NotFound($"There is no operation '{operation}'; use suspend, resume, terminate, restart or purge.");
        }
        var (body, error) = await Http.ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var (control, invalid) = ControlRequests.Read(body!, reasonRequired: operation != "resume");
        if (invalid is not null)
        {
            return invalid;
        }
        var (by, reason) = control!.Value;
        var id = new InstanceId(new RoundId(round), new SystemCode(system));
        return act is null
            ? await PurgeAsync(client, id, by, reason, cancellationToken)
            : await RunAsync(client, request, id, (_, now) => act(now, by, reason), cancellationToken);
    }

    /// <summary>Only a withdrawn instance's history may go: a running one would lose its timers and its events.</summary>
    private async Task<IResult> PurgeAsync(DurableTaskClient client, InstanceId id, string by, string reason, CancellationToken cancellationToken)
    {
        if (await journal.GetAsync(id, cancellationToken) is not { } snapshot)
        {
            return Http.NotFound($"There is no instance for system '{id.System}' in round '{id.Round}'.");
        }
        if (snapshot.State.WithdrawnAt is null)
        {
            return Http.Conflict("only a withdrawn instance can be purged: terminate it first");
        }
        var purged = await PlanningClient.PurgeAsync(client, id, cancellationToken);
        Log.Purged(logger, id, by, reason, purged);
        return Results.Ok(Views.Of(snapshot.State, (await catalog.GetAsync(id.Round, snapshot.State.RoundVersion, cancellationToken))!.Round, reference.Directory, time.GetUtcNow(), runtime: null));
    }

    /// <summary>
    /// Recording an event is acting on the system, by either path: a PMO's or director's own system posts with a
    /// principal of its own, which the directory must give the region's scope, as it gives its director.
    /// </summary>
    private async Task<IResult> RaiseAsync(HttpRequest request, string round, string system, string eventName, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (access.Require(request, Permission.Act, system).Refusal is { } refused)
        {
            return refused;
        }
        if (Http.Malformed(round, system) is { } malformed)
        {
            return malformed;
        }
        var (body, error) = await Http.ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        if (EventRequests.Parse(eventName, body!) is not { } parsed)
        {
            return Http.NotFound($"There is no event '{eventName}'; events are {string.Join(", ", EventRequests.Names)}.");
        }
        if (!parsed.IsValid)
        {
            return Http.Invalid(parsed.Errors);
        }
        if (UnknownSystem(eventName, body!, reference) is { } unknown)
        {
            return Http.Invalid(new Dictionary<string, string[]> { [unknown.Field] = [$"'{unknown.Code}' is not a system in the directory"] });
        }
        return await RunAsync(client, request, new InstanceId(new RoundId(round), new SystemCode(system)), parsed.Build!, cancellationToken);
    }

    /// <summary>
    /// Raises the event under the caller's <c>Idempotency-Key</c> when it gives one, so a request sent again after a lost
    /// answer is applied once; 200 with the instance once applied, 202 when it is on its way, 409 when refused.
    /// </summary>
    private async Task<IResult> RunAsync(
        DurableTaskClient client, HttpRequest request, InstanceId id, Func<InstanceState, DateTimeOffset, InstanceEvent> build, CancellationToken cancellationToken)
    {
        if (EventId(request) is not { } eventId)
        {
            return Http.BadRequest($"Idempotency-Key must be 1 to {MaxKeyLength} letters, digits, '-', '_' or '.'.");
        }
        if (await actions.RaiseAsync(client, id, eventId, build, cancellationToken) is not { } result)
        {
            return Http.NotFound($"There is no round '{id.Round}'.");
        }
        return result.Outcome switch
        {
            RaiseOutcome.NotFound => Http.NotFound($"There is no instance for system '{id.System}' in round '{id.Round}'."),
            RaiseOutcome.Refused => Http.Conflict(result.Refusal!),
            RaiseOutcome.Pending => Results.Accepted($"/api/instances/{id.Round}/{id.System}"),
            _ => Results.Ok(Views.Of(result.State!, (await catalog.GetAsync(id.Round, result.State!.RoundVersion, cancellationToken))!.Round, reference.Directory, time.GetUtcNow(), runtime: null)),
        };
    }

    internal static string? EventId(HttpRequest request)
    {
        string? key = request.Headers["Idempotency-Key"];
        if (key is null)
        {
            return "api:" + Guid.NewGuid().ToString("N");
        }
        return key.Length is > 0 and <= MaxKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? "api:" + key : null;
    }

    [Function("ListInstances")]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (viewer, refused) = access.Require(request);
        if (refused is not null)
        {
            return refused;
        }
        var query = request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var asked = pages.Read(query, "instances", Filters, DefaultPageSize, errors);
        var overdue = ParseBool(query["overdue"], "overdue", errors);
        var escalated = ParseBool(query["escalated"], "escalated", errors);
        string? stage = query["stage"];
        if (stage is not null && !Enum.GetValues<Stage>().Any(s => Views.Kebab(s) == stage))
        {
            errors["stage"] = [$"must be one of {string.Join(", ", Enum.GetValues<Stage>().Select(Views.Kebab))}"];
        }
        if (errors.Count > 0)
        {
            return Http.Invalid(errors);
        }

        string? roundFilter = query["round"];
        var roundIds = roundFilter is not null
            ? [new RoundId(roundFilter)]
            : (await rounds.ListAsync(cancellationToken)).Select(r => r.Round).Distinct().ToList();
        var now = time.GetUtcNow();
        var rows = new List<StatusView>();
        foreach (var round in roundIds.OrderBy(r => r.Value, StringComparer.Ordinal))
        {
            rows.AddRange((await status.ListAsync(round, cancellationToken)).Select(s => Views.Of(s, reference.Directory, now)));
        }
        var matching = rows
            .Where(r => access.May(viewer!, Permission.See, new SystemCode(r.System)))
            .Where(r => query["region"].Count == 0 || r.Region == reference.Directory.FindRegion(query["region"]!)?.Code.Value)
            .Where(r => stage is null || r.Stage == stage)
            .Where(r => overdue is null || r.Overdue == overdue)
            .Where(r => escalated is null || (r.Escalation is "region" or "national") == escalated)
            .OrderBy(r => r.Round, StringComparer.Ordinal).ThenBy(r => r.System, StringComparer.Ordinal)
            .ToList();

        if (query["format"] == "csv")
        {
            return Views.Csv(matching, "instances.csv");
        }
        return StatusPages.Ok(request, pages.Page(matching, asked));
    }

    /// <summary>A peer or reviewer named by code must be a system the directory knows.</summary>
    private static (string Field, string Code)? UnknownSystem(string eventName, string body, ReferenceData reference)
    {
        var field = eventName switch
        {
            "peer" => "peer",
            "peer-feedback" => "reviewer",
            _ => null,
        };
        if (field is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(body);
        var code = document.RootElement.EnumerateObject().First(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase)).Value.GetString()!;
        return reference.Directory.TryGetSystem(new SystemCode(code), out _) ? null : (field, code);
    }

    private static bool? ParseBool(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (bool.TryParse(text, out var value))
        {
            return value;
        }
        errors[name] = ["must be true or false"];
        return null;
    }
}
