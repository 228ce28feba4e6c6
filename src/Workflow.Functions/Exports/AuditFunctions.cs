using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Functions.Api;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage.Journal;

namespace Workflow.Functions.Exports;

/// <summary>
/// The audit journal as CSV, for a round (every system the caller may see, narrowed by system or region) or for one
/// system: what happened when, who did it and why, refused attempts included.
/// </summary>
public sealed class AuditFunctions(RoundCatalog catalog, JournalStore journal, ReferenceData reference, Access access, IOptions<WorkflowOptions> options)
{
    private static readonly string[] Header = ["time", "system", "region", "kind", "by", "detail"];

    [Function("RoundAudit")]
    public async Task<IResult> RoundAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/rounds/{round}/audit.csv")] HttpRequest request, string round, CancellationToken cancellationToken)
    {
        var (viewer, refused) = access.Require(request);
        if (refused is not null)
        {
            return refused;
        }
        // A system asked for by name is checked as its own route checks it: unknown is 404, not the caller's is 403.
        string? system = request.Query["system"];
        if (system is not null && access.Require(request, Permission.See, system).Refusal is { } notTheirs)
        {
            return notTheirs;
        }
        string? region = request.Query["region"];
        var regionEntry = region is null ? null : reference.Directory.FindRegion(region);
        if (region is not null && regionEntry is null)
        {
            return Http.Invalid(new Dictionary<string, string[]> { ["region"] = [$"'{region}' is not a region code or name in the directory"] });
        }
        if (regionEntry is not null && access.RefuseRegion(request, viewer!, regionEntry.Code) is { } notTheirRegion)
        {
            return notTheirRegion;
        }
        if (await Http.UnknownRoundAsync(catalog, round, cancellationToken) is { } unknown)
        {
            return unknown;
        }
        var systems = reference.Directory.Systems
            .Where(s => viewer!.May(Permission.See, s))
            .Where(s => system is null || s.Code.Value == system)
            .Where(s => regionEntry is null || s.Region == regionEntry.Code)
            .ToList();
        // A journal is a query of its own, so a national export of every system reads them side by side, not in turn.
        var journals = new IReadOnlyList<JournalEntry>[systems.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, systems.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (i, token) => journals[i] = await journal.ReadAsync(new InstanceId(new RoundId(round), systems[i].Code), token));
        return Csv($"{round}-audit.csv", systems.SelectMany((entry, i) => journals[i].Select(e => (entry, AuditLine.Of(e)))));
    }

    [Function("InstanceAudit")]
    public async Task<IResult> InstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{round}/{system}/audit.csv")] HttpRequest request,
        string round, string system, CancellationToken cancellationToken)
    {
        if (access.Require(request, Permission.See, system).Refusal is { } refused)
        {
            return refused;
        }
        if (await Http.UnknownRoundAsync(catalog, round, cancellationToken) is { } unknown)
        {
            return unknown;
        }
        reference.Directory.TryGetSystem(new SystemCode(system), out var entry);
        var id = new InstanceId(new RoundId(round), entry.Code);
        if (await journal.GetAsync(id, cancellationToken) is null)
        {
            return Http.NotFound($"There is no instance for system '{system}' in round '{round}'.");
        }
        return Csv($"{round}-{system}-audit.csv", (await journal.ReadAsync(id, cancellationToken)).Select(e => (entry, AuditLine.Of(e))));
    }

    private static IResult Csv(string fileName, IEnumerable<(SystemEntry System, AuditLine Line)> lines) => CsvExport.Result(
        fileName,
        Header,
        lines.OrderBy(l => l.Line.At).ThenBy(l => l.System.Code.Value, StringComparer.Ordinal)
            .Select(l => (IReadOnlyList<string>)[Views.Local(l.Line.At), l.System.Code.Value, l.System.Region.Value, l.Line.Kind, l.Line.By, l.Line.Detail]));
}
