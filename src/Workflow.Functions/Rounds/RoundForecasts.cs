using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Functions.Orchestration;
using Workflow.Storage.Journal;

namespace Workflow.Functions.Rounds;

/// <summary>
/// A forecast of the live round: each system's state as its journal snapshot holds it, driven on from now with the
/// version of the round it follows. It only reads; the states it drives are copies, and nothing is sent.
/// </summary>
public sealed class RoundForecasts(JournalStore journal, RoundVersions versions, TimeProvider time, IOptions<WorkflowOptions> options)
{
    /// <param name="round">The round as it now stands.</param>
    /// <param name="systems">The systems to forecast; one with no instance yet is left out.</param>
    public async Task<RoundForecast> OfAsync(Round round, IReadOnlyList<SystemEntry> systems, TimeSpan horizon, Assumption assumption, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(systems);
        var now = time.GetUtcNow();
        // A snapshot is a query of its own, so a national forecast reads them side by side, not in turn.
        var states = new InstanceState?[systems.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, systems.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (i, token) => states[i] = (await journal.GetAsync(new InstanceId(round.Id, systems[i].Code), token))?.State);
        var running = states.OfType<InstanceState>().ToList();
        var followed = new Dictionary<int, Round>();
        foreach (var version in running.Select(s => s.RoundVersion).Distinct())
        {
            followed[version] = version == round.Version ? round : await versions.GetAsync(round.Id, version, cancellationToken);
        }
        return Forecast.Of(running.Select(s => (s, followed[s.RoundVersion])), round, now, horizon, assumption);
    }
}
