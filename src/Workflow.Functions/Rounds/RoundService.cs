using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Workflow.Core;
using Workflow.Core.Rounds;
using Workflow.Functions.Orchestration;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Rounds;

public sealed record StartResult(int Started, int AlreadyRunning);

/// <summary>A timetable change as stored, or why not, and how many instances had not yet applied it when the request ended.</summary>
public sealed record TimetableChange(Loaded<Round> Changed, int Pending = 0);

/// <summary>
/// A round stored, or why not. <see cref="Clash"/> is set when the file itself is sound but the round is stored
/// already at another version or with another timetable: the caller asked for something that cannot be, not for
/// something malformed, so it is answered as a conflict rather than with the file's problems.
/// </summary>
public sealed record AddedRound(Loaded<Round> Loaded, bool Clash = false)
{
    public Round? Round => Loaded.Value;

    public IReadOnlyList<Problem> Problems => Loaded.Problems;
}

/// <summary>Round-wide work: storing a round, starting one instance per system, changing the timetable for all.</summary>
public sealed class RoundService(RoundStore store, RoundCatalog catalog, PlanningClient planning, ReferenceData reference)
{
    /// <summary>Checks and stores a new round (or the same version again, which changes nothing).</summary>
    public async Task<AddedRound> AddAsync(string json, CancellationToken cancellationToken = default)
    {
        var loaded = Checked(RoundParser.Parse(json, reference.Calendar));
        if (loaded.Value is not { } round)
        {
            return new AddedRound(loaded);
        }
        var existing = await catalog.GetAsync(round.Id, cancellationToken: cancellationToken);
        if (existing is not null && existing.Round.Version != round.Version)
        {
            return new AddedRound(Loaded.Failure<Round>([new Problem("$.version", $"round {round.Id} is stored at version {existing.Round.Version}; change its timetable instead")]), Clash: true);
        }
        // The same file again is a retry, and answered as the first was; other content under the stored version would be
        // answered as if kept while the stored timetable stays as it was.
        if (existing is not null && !JsonNode.DeepEquals(Node(existing.Json), Node(json)))
        {
            return new AddedRound(Loaded.Failure<Round>([new Problem("$.version", $"round {round.Id} is stored at version {round.Version} with another timetable; change its timetable, with a higher version, instead")]), Clash: true);
        }
        if (existing is null)
        {
            await store.AddAsync(round, json, cancellationToken);
            catalog.Remember(new StoredRound(round, json));
        }
        return new AddedRound(loaded);
    }

    /// <summary>A round file as a tree, read as round files are (they are written by hand: comments and trailing commas).</summary>
    private static JsonNode? Node(string json) =>
        JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

    /// <summary>Starts an instance for every system in the directory; systems already running are left alone. Null for a round not stored.</summary>
    public async Task<StartResult?> StartAsync(DurableTaskClient client, RoundId id, CancellationToken cancellationToken = default) =>
        await catalog.GetAsync(id, cancellationToken: cancellationToken) is { } stored
            ? await planning.StartRoundAsync(client, stored.Round, cancellationToken)
            : null;

    /// <summary>
    /// Stores the changed timetable and tells every running instance; an instance already on this version is left as it
    /// is, so the same request can be retried after a partial failure and finishes telling the instances it missed.
    /// </summary>
    public async Task<TimetableChange> ChangeTimetableAsync(DurableTaskClient client, RoundId id, string json, CancellationToken cancellationToken = default)
    {
        if (await catalog.GetAsync(id, cancellationToken: cancellationToken) is not { } current)
        {
            return new(Loaded.Failure<Round>([new Problem("$", $"round {id} is not stored")]));
        }
        var changed = json == current.Json ? Loaded.Success(current.Round, []) : Checked(RoundParser.ParseChange(json, current.Round));
        if (changed.Value is not { } round)
        {
            return new(changed);
        }
        if (round != current.Round)
        {
            await store.AddAsync(round, json, cancellationToken);
            catalog.Remember(new StoredRound(round, json));
        }
        return new(changed, await planning.ChangeTimetableAsync(client, round, cancellationToken));
    }

    /// <summary>A round that reads well is checked against the directory too: a hold for a system it does not list is refused.</summary>
    private Loaded<Round> Checked(Loaded<Round> loaded) =>
        loaded.Value is { } round && RoundChecks.AgainstDirectory(round, reference.Directory).ToList() is { Count: > 0 } problems
            ? Loaded.Failure<Round>(problems)
            : loaded;
}
