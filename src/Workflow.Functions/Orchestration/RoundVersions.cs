using System.Collections.Concurrent;
using Workflow.Core;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Orchestration.Activities;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Orchestration;

/// <summary>One stored version of a round, read exactly as stored, as the orchestration and the HTTP side both need it.</summary>
public sealed class RoundVersions(RoundStore rounds, ReferenceData reference)
{
    // A version, once stored, is never written again (a change of timetable stores the next one), so what was read once
    // stands for good: every send and projection would otherwise read the same row. Rounds have a handful of versions.
    private const int MaxRemembered = 256;

    private readonly ConcurrentDictionary<(RoundId Round, int Version), RoundSnapshot> _read = new();

    public async Task<RoundSnapshot> SnapshotAsync(RoundId round, int version, CancellationToken cancellationToken = default)
    {
        if (_read.TryGetValue((round, version), out var known))
        {
            return known;
        }
        var json = await rounds.GetJsonAsync(round, version, cancellationToken)
            ?? throw new InvalidOperationException($"Version {version} of round {round} is not stored.");
        if (_read.Count >= MaxRemembered)
        {
            _read.Clear();
        }
        return _read.GetOrAdd((round, version), RoundSnapshot.Of(version, json, reference.Calendar));
    }

    public async Task<Round> GetAsync(RoundId round, int version, CancellationToken cancellationToken = default) =>
        (await SnapshotAsync(round, version, cancellationToken)).ToRound();
}
