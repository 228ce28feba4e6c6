using Microsoft.Extensions.Options;
using Workflow.Core.Rounds;
using Workflow.Functions.Durable;
using Workflow.Storage;
using Workflow.Storage.Directory;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Orchestration;

/// <summary>
/// What a local run does once at start: storage made ready, the directory seeded, the configured round stored (a
/// round stored already keeps its stored timetable) and, when asked, one orchestration started per system.
/// </summary>
public sealed class RoundLoader(
    StorageAccount account, DirectoryStore directory, ReferenceData reference, RoundStore rounds, IOptions<WorkflowOptions> options, ILogger<RoundLoader> logger)
{
    public async Task<Round?> LoadAsync(CancellationToken cancellationToken = default)
    {
        await account.InitializeAsync(cancellationToken);
        await directory.SeedAsync(reference.Directory, cancellationToken);
        if (options.Value.RoundFile is not { Length: > 0 } file)
        {
            return null;
        }
        var path = Path.Combine(AppContext.BaseDirectory, file);
        var json = await File.ReadAllTextAsync(path, cancellationToken);
        var round = RoundParser.Parse(json, reference.Calendar).GetValueOrThrow(path);
        if (!await rounds.AddAsync(round, json, cancellationToken))
        {
            round = (await rounds.GetLatestAsync(round.Id, reference.Calendar, cancellationToken))!.Round;
        }
        Log.RoundLoaded(logger, round.Id, round.Version, path);
        return round;
    }

    /// <summary>Loads the round and, when the settings ask for it, starts its instances through <paramref name="client"/>.</summary>
    public async Task StartAsync(PlanningClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await LoadAsync(cancellationToken) is { } round && options.Value.StartRoundOnLoad)
        {
            var started = await client.StartRoundAsync(round, cancellationToken);
            Log.RoundStarted(logger, round.Id, started.Started, started.AlreadyRunning);
        }
    }
}
