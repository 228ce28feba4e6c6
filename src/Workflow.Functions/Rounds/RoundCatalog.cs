using System.Collections.Concurrent;
using Workflow.Core;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Rounds;

/// <summary>
/// Rounds as stored, cached per process. An instance that already follows a newer timetable than the cache
/// holds forces a reload, so a worker never decides with an older timetable than the instance has seen.
/// </summary>
public sealed class RoundCatalog(RoundStore store, ReferenceData reference)
{
    private readonly ConcurrentDictionary<RoundId, StoredRound> _cache = new();

    public async Task<StoredRound?> GetAsync(RoundId id, int atLeastVersion = 0, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(id, out var cached) && cached.Round.Version >= atLeastVersion)
        {
            return cached;
        }
        var stored = await store.GetLatestAsync(id, reference.Calendar, cancellationToken);
        if (stored is not null)
        {
            _cache.AddOrUpdate(id, stored, (_, old) => old.Round.Version >= stored.Round.Version ? old : stored);
        }
        return stored;
    }

    /// <summary>The round a route names, or null when there is none by that name or the name could not be a round's.</summary>
    public async Task<StoredRound?> FindAsync(string round, CancellationToken cancellationToken = default) =>
        RoundId.IsWellFormed(round) ? await GetAsync(new RoundId(round), cancellationToken: cancellationToken) : null;

    public void Remember(StoredRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        _cache.AddOrUpdate(round.Round.Id, round, (_, old) => old.Round.Version >= round.Round.Version ? old : round);
    }
}
