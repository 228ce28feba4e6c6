using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Functions.Durable;
using Workflow.Storage;
using Workflow.Storage.Instances;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Api;

/// <summary>
/// Rounds and the events of their systems: store a round, start it, change its timetable, record what PMOs and
/// directors do, and read every system's status (JSON or CSV).
/// </summary>
public static class RoundsApi
{
    public static IEndpointRouteBuilder MapRoundsApi(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/rounds").RefusingMalformedIds();
        rounds.MapGet("", ListAsync);
        rounds.MapPost("", AddAsync);
        rounds.MapGet("/{round}", GetAsync);
        rounds.MapPost("/{round}/start", StartAsync);
        rounds.MapPut("/{round}/timetable", ChangeTimetableAsync);
        rounds.MapGet("/{round}/status", InstancesApi.StatusAsync);
        rounds.MapGet("/{round}/poison", PoisonAsync);
        rounds.MapPost("/{round}/systems/{system}/{eventName}", InstancesApi.RaiseEventAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(RoundStore store, RoundCatalog catalog, CancellationToken cancellationToken)
    {
        var views = new List<RoundView>();
        foreach (var id in (await store.ListAsync(cancellationToken)).Select(r => r.Round).Distinct())
        {
            if (await catalog.GetAsync(id, cancellationToken: cancellationToken) is { } stored)
            {
                views.Add(Views.Of(stored.Round));
            }
        }
        return Results.Ok(views);
    }

    private static async Task<IResult> GetAsync(string round, RoundCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetAsync(new RoundId(round), cancellationToken: cancellationToken) is { } stored
            ? Results.Ok(Views.Of(stored.Round))
            : Http.NotFound($"There is no round '{round}'.");

    private static async Task<IResult> AddAsync(HttpRequest request, RoundService service, CancellationToken cancellationToken)
    {
        var (body, error) = await Http.ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var added = await service.AddAsync(body!, cancellationToken);
        return added.Value is { } round
            ? Results.Created($"/api/rounds/{round.Id}", Views.Of(round))
            : added.Problems.Any(p => p.Path == "$.version") ? Http.Conflict(added.Problems[0].Message) : Http.Invalid(added.Problems);
    }

    private static async Task<IResult> StartAsync(string round, RoundService service, CancellationToken cancellationToken) =>
        await service.StartAsync(new RoundId(round), cancellationToken) is { } started
            ? Results.Ok(new StartView(round, started.Started, started.AlreadyRunning))
            : Http.NotFound($"There is no round '{round}'.");

    private static async Task<IResult> ChangeTimetableAsync(string round, HttpRequest request, RoundService service, RoundCatalog catalog, CancellationToken cancellationToken)
    {
        if (await catalog.GetAsync(new RoundId(round), cancellationToken: cancellationToken) is null)
        {
            return Http.NotFound($"There is no round '{round}'.");
        }
        var (body, error) = await Http.ReadBodyAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var changed = await service.ChangeTimetableAsync(new RoundId(round), body!, cancellationToken);
        return changed.Value is { } updated ? Results.Ok(Views.Of(updated)) : Http.Invalid(changed.Problems);
    }

    /// <summary>Messages that could not be sent, each with why, for the national team to follow up.</summary>
    private static async Task<IResult> PoisonAsync(
        string round, OutboxQueue outbox, InstanceStore instances, IOptions<WorkflowOptions> options, CancellationToken cancellationToken)
    {
        var prefix = round + "|";
        var messages = new List<PoisonedView>();
        foreach (var text in await outbox.PeekPoisonAsync(cancellationToken: cancellationToken))
        {
            var reference = OutboxQueue.Deserialize(text);
            if (reference is not null && !reference.Instance.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var row = reference is not null && InstanceId.TryParse(reference.Instance, out var instance)
                ? await instances.GetOutboxAsync(instance, reference.Row, cancellationToken)
                : null;
            messages.Add(Views.Poisoned(text, reference, row, options.Value.MaxDequeueCount));
        }
        return Results.Ok(new PoisonView(messages.Count, messages));
    }

    internal static string Csv(IEnumerable<StatusView> rows)
    {
        var csv = new StringBuilder("round,system,name,region,stage,suspended,plan_version,next_milestone,next_due,overdue,escalation,escalated_milestone\n");
        foreach (var r in rows)
        {
            csv.AppendLine(string.Join(',',
                r.Round, r.System, Quote(r.Name), r.Region, r.Stage, r.Suspended ? "yes" : "no", r.PlanVersion.ToString(CultureInfo.InvariantCulture),
                r.NextMilestone ?? "", r.NextDue?.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture) ?? "", r.Overdue ? "yes" : "no",
                r.Escalation, r.EscalatedMilestone ?? ""));
        }
        return csv.ToString();

        static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;
    }
}
