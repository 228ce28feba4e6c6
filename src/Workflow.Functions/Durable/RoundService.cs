using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Storage.Instances;
using Workflow.Storage.Rounds;
using Workflow.Storage.Scheduling;

namespace Workflow.Functions.Durable;

public sealed record StartResult(int Started, int AlreadyRunning);

/// <summary>Round-wide work: storing a round, starting one instance per system, changing the timetable for all.</summary>
public sealed class RoundService(
    RoundStore store,
    RoundCatalog catalog,
    InstanceStore instances,
    ScheduleStore schedule,
    InstanceRunner runner,
    ReferenceData reference,
    TimeProvider time,
    IOptions<WorkflowOptions> options)
{
    /// <summary>Checks and stores a new round (or the same version again, which changes nothing).</summary>
    public async Task<Loaded<Round>> AddAsync(string json, CancellationToken cancellationToken = default)
    {
        var loaded = RoundParser.Parse(json, reference.Calendar);
        if (loaded.Value is not { } round)
        {
            return loaded;
        }
        var existing = await catalog.GetAsync(round.Id, cancellationToken: cancellationToken);
        if (existing is not null && existing.Round.Version != round.Version)
        {
            return Loaded.Failure<Round>([new Problem("$.version", $"round {round.Id} is stored at version {existing.Round.Version}; change its timetable instead")]);
        }
        if (existing is null)
        {
            await store.AddAsync(round, json, cancellationToken);
            catalog.Remember(new StoredRound(round, json));
        }
        return loaded;
    }

    /// <summary>Starts an instance for every system in the directory; systems already running are left alone.</summary>
    public async Task<StartResult?> StartAsync(RoundId id, CancellationToken cancellationToken = default)
    {
        if (await catalog.GetAsync(id, cancellationToken: cancellationToken) is null)
        {
            return null;
        }
        var started = 0;
        var existing = 0;
        await Parallel.ForEachAsync(reference.Directory.Systems, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (system, token) =>
            {
                var instance = new InstanceId(id, system.Code);
                var now = time.GetUtcNow();
                // The wake-up goes first: if the process dies after the create, the timer still finds the instance.
                await schedule.SetAsync(instance, now, token);
                var startedEvent = new InstanceStarted(now, system.Region);
                if (await instances.CreateAsync(StateMachine.Start(instance, startedEvent), startedEvent, token))
                {
                    Interlocked.Increment(ref started);
                    // Run as the wake-up just written, so the status row is written even when nothing is due yet
                    // (an instance started before the round opens would otherwise be missing from the dashboard).
                    await runner.RunAsync(instance, woken: true, cancellationToken: token);
                }
                else
                {
                    Interlocked.Increment(ref existing);
                }
            });
        return new StartResult(started, existing);
    }

    /// <summary>
    /// Stores the changed timetable and tells every running instance at once, each deciding again with it;
    /// an instance that is already on this version is left as it is, so the same request can be retried.
    /// </summary>
    public async Task<Loaded<Round>> ChangeTimetableAsync(RoundId id, string json, CancellationToken cancellationToken = default)
    {
        if (await catalog.GetAsync(id, cancellationToken: cancellationToken) is not { } current)
        {
            return Loaded.Failure<Round>([new Problem("$", $"round {id} is not stored")]);
        }
        // The same change sent again (a retry after a partial failure) finishes telling the instances it missed.
        var changed = json == current.Json ? Loaded.Success(current.Round, []) : RoundParser.ParseChange(json, current.Round);
        if (changed.Value is not { } round)
        {
            return changed;
        }
        if (round != current.Round)
        {
            await store.AddAsync(round, json, cancellationToken);
            catalog.Remember(new StoredRound(round, json));
        }
        await Parallel.ForEachAsync(reference.Directory.Systems, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (system, token) =>
            {
                await runner.RunAsync(new InstanceId(id, system.Code),
                    (state, now) => state.RoundVersion >= round.Version || state.WithdrawnAt is not null ? [] : [new TimetableChanged(now, round.Version)],
                    cancellationToken: token);
            });
        return changed;
    }
}
