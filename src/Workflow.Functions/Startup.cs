using Microsoft.Extensions.Options;
using Workflow.Core.Rounds;
using Workflow.Functions.Durable;
using Workflow.Storage;
using Workflow.Storage.Directory;

namespace Workflow.Functions;

/// <summary>What happens once before the service listens: storage made ready, the directory seeded, the configured round loaded and started.</summary>
public sealed class Startup(
    StorageAccount account,
    DirectoryStore directory,
    ReferenceData reference,
    RoundService rounds,
    RoundCatalog catalog,
    ClockStore clockStore,
    TimeProvider time,
    IOptions<WorkflowOptions> options,
    ILogger<Startup> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await account.InitializeAsync(cancellationToken);
        await directory.SeedAsync(reference.Directory, cancellationToken);
        if (time is VirtualClock clock && await clockStore.GetAsync(cancellationToken) is { } stoppedAt)
        {
            clock.AdvanceTo(stoppedAt);
        }
        if (options.Value.RoundFile is not { Length: > 0 } file)
        {
            return;
        }
        var path = Path.Combine(AppContext.BaseDirectory, file);
        var json = await File.ReadAllTextAsync(path, cancellationToken);
        var round = RoundParser.Parse(json, reference.Calendar).GetValueOrThrow(path);
        // A round already stored keeps its stored timetable, which may have been changed since the file was written.
        if (await catalog.GetAsync(round.Id, cancellationToken: cancellationToken) is { } stored)
        {
            round = stored.Round;
        }
        else
        {
            round = (await rounds.AddAsync(json, cancellationToken)).GetValueOrThrow(path);
        }
        Log.RoundLoaded(logger, round.Id, round.Version, path);
        if (options.Value.StartRoundOnLoad && await rounds.StartAsync(round.Id, cancellationToken) is { } started)
        {
            Log.RoundStarted(logger, round.Id, started.Started, started.AlreadyRunning);
        }
    }
}
