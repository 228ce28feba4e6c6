using Workflow.Core;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Orchestration.Activities;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Orchestration;

/// <summary>One stored version of a round, read exactly as stored, as the orchestration and the HTTP side both need it.</summary>
public sealed class RoundVersions(RoundStore rounds, ReferenceData reference)
{
    public async Task<RoundSnapshot> SnapshotAsync(RoundId round, int version, CancellationToken cancellationToken = default)
    {
        var json = await rounds.GetJsonAsync(round, version, cancellationToken)
            ?? throw new InvalidOperationException($"Version {version} of round {round} is not stored.");
        return RoundSnapshot.Of(version, json, reference.Calendar);
    }

    public async Task<Round> GetAsync(RoundId round, int version, CancellationToken cancellationToken = default) =>
        (await SnapshotAsync(round, version, cancellationToken)).ToRound();
}
