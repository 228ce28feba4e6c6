using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Workflow.Core.Rounds;
using Workflow.Functions.Orchestration;

namespace Workflow.Functions.Rounds;

/// <summary>
/// What a local run does once at start, after <see cref="StorageStart"/>: the configured round stored (a round
/// stored already keeps its stored timetable, which may have changed since the file was written) and, when asked,
/// one orchestration started per system.
/// </summary>
public sealed class RoundLoader(
    ReferenceData reference, RoundService rounds, RoundCatalog catalog, PlanningClient planning, IOptions<WorkflowOptions> options, ILogger<RoundLoader> logger)
{
    public async Task<Round?> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (options.Value.RoundFile is not { Length: > 0 } file)
        {
            return null;
        }
        var path = Path.Combine(AppContext.BaseDirectory, file);
        var json = await File.ReadAllTextAsync(path, cancellationToken);
        var round = RoundParser.Parse(json, reference.Calendar).GetValueOrThrow(path);
        round = await catalog.GetAsync(round.Id, cancellationToken: cancellationToken) is { } stored
            ? stored.Round
            : (await rounds.AddAsync(json, cancellationToken)).Loaded.GetValueOrThrow(path);
        Log.RoundLoaded(logger, round.Id, round.Version, path);
        return round;
    }

    /// <summary>
    /// Loads the round and, when the settings ask for it, starts its instances through <paramref name="client"/>; then
    /// gives them the clock as it now stands, in case the service stopped between moving the clock and telling them.
    /// </summary>
    public async Task StartAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await LoadAsync(cancellationToken) is { } round && options.Value.StartRoundOnLoad
            && await rounds.StartAsync(client, round.Id, cancellationToken) is { } started)
        {
            Log.RoundStarted(logger, round.Id, started.Started, started.AlreadyRunning);
            if (started.AlreadyRunning > 0)
            {
                await planning.MoveClockAsync(client, round.Id, cancellationToken);
            }
        }
    }
}
