using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Workflow.Core;
using Workflow.Core.Rounds;
using Workflow.Core.Instances;
using Workflow.Functions.Orchestration;
using Workflow.Orchestration;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Rounds;

public sealed record StartResult(int Started, int AlreadyRunning);

/// <summary>A timetable change as stored, or why not, and how many instances had not yet applied it when the request ended.</summary>
public sealed record TimetableChange(Loaded<Round> Changed, int Pending = 0);

/// <summary>
/// A round-wide suspension or resumption as it now stands, or why it cannot happen (<see cref="Conflict"/> for the
/// round's state, <see cref="Problems"/> for a new timetable that does not read), and how many instances had not yet
/// applied it when the request ended.
/// </summary>
public sealed record SuspensionChange(RoundSuspension? Suspension, string? Conflict = null, IReadOnlyList<Problem>? Problems = null, int Pending = 0);

/// <summary>What a change would do to every system it reaches, or why it cannot be previewed (as for <see cref="SuspensionChange"/>).</summary>
public sealed record ChangePreviewed(Round? Round, IReadOnlyList<SystemPreview> Systems, string? Conflict = null, IReadOnlyList<Problem>? Problems = null);

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
public sealed class RoundService(
    RoundStore store, RoundCatalog catalog, RoundSuspensionStore suspensions, RoundVersions versions, PlanningClient planning, JournalStore journal,
    ReferenceData reference, TimeProvider time)
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

    /// <summary>
    /// Suspends every running instance of the round at once, and records who did and why. The same request again, while
    /// the round stays suspended by it, finishes telling any instance it missed; another is refused until the round
    /// resumes. An instance suspended on its own already stays as it is, and is not resumed with the round.
    /// </summary>
    public async Task<SuspensionChange> SuspendAsync(DurableTaskClient client, RoundId id, string by, string reason, CancellationToken cancellationToken = default)
    {
        var stored = await suspensions.GetAsync(id, cancellationToken);
        var suspension = stored?.Suspension;
        if (suspension is { IsOpen: true } open && (open.By != by || open.Reason != reason))
        {
            return new(open, RoundSuspension.RefuseSuspension(open));
        }
        if (suspension is not { IsOpen: true })
        {
            suspension = RoundSuspension.Next(suspension, time.GetUtcNow(), by, reason);
            if (!await suspensions.SaveAsync(id, suspension, stored?.ETag, cancellationToken))
            {
                return new(null, "the round's suspension was changed by another request at the same time; read the round and try again");
            }
        }
        var happened = new PlanningEvent(SuspendedId(suspension), new Suspended(suspension.Since, by, reason));
        var pending = await planning.RaiseOnRoundAsync(client, id, happened,
            (_, state, _) => Task.FromResult(state.WithdrawnAt is null && !state.IsSuspended), cancellationToken);
        return new(suspension, Pending: pending);
    }

    /// <summary>
    /// Resumes every instance the round's suspension suspended, each with its open dates moved on by the working days
    /// suspended, or first moves the round to <paramref name="timetable"/> (a timetable change, as for
    /// <see cref="ChangeTimetableAsync"/>) whose dates are then kept as given. The same request again finishes telling
    /// any instance it missed.
    /// </summary>
    public async Task<SuspensionChange> ResumeAsync(DurableTaskClient client, RoundId id, string by, string? timetable, CancellationToken cancellationToken = default)
    {
        if (await suspensions.GetAsync(id, cancellationToken) is not { } stored)
        {
            return new(null, "the round is not suspended");
        }
        var suspension = stored.Suspension;
        var resumedId = $"round-resumed:{suspension.Number}";
        if (suspension.RefuseResumption() is { } refusal && !await AnyStillSuspendedAsync(id, suspension, resumedId, cancellationToken))
        {
            return new(suspension, refusal);
        }
        var pending = 0;
        if (timetable is not null)
        {
            var (changed, behind) = await ChangeTimetableAsync(client, id, timetable, cancellationToken);
            if (changed.Value is null)
            {
                return new(suspension, Problems: changed.Problems);
            }
            pending += behind;
        }
        if (suspension.IsOpen)
        {
            var resumed = suspension.Resume(time.GetUtcNow(), by);
            if (!await suspensions.SaveAsync(id, resumed, stored.ETag, cancellationToken))
            {
                return new(suspension, "the round's suspension was changed by another request at the same time; read the round and try again");
            }
            suspension = resumed;
        }
        var happened = new PlanningEvent(resumedId, new Resumed(suspension.ResumedAt!.Value, suspension.ResumedBy!));
        pending += await planning.RaiseOnRoundAsync(client, id, happened,
            async (instance, state, token) => state.IsSuspended && await SuspendedByAsync(instance, suspension, token), cancellationToken);
        return new(suspension, Pending: pending);
    }

    /// <summary>What the changed timetable would move and send for every running system, without storing or telling anything.</summary>
    public async Task<ChangePreviewed> PreviewTimetableAsync(RoundId id, string json, CancellationToken cancellationToken = default)
    {
        var current = (await catalog.GetAsync(id, cancellationToken: cancellationToken))!;
        var changed = Checked(RoundParser.ParseChange(json, current.Round));
        if (changed.Value is not { } round)
        {
            return new(null, [], Problems: changed.Problems);
        }
        var now = time.GetUtcNow();
        return new(round, await PreviewEachAsync(id, (state, _) => Task.FromResult(state.WithdrawnAt is null && state.RoundVersion < round.Version),
            async (state, token) => ChangePreview.Of(state, await versions.GetAsync(id, state.RoundVersion, token), round, now, [new TimetableChanged(now, round.Version)]),
            cancellationToken));
    }

    /// <summary>What resuming the round now, on its dates moved on or on <paramref name="timetable"/>, would move and send for every system it suspended.</summary>
    public async Task<ChangePreviewed> PreviewResumptionAsync(RoundId id, string by, string? timetable, CancellationToken cancellationToken = default)
    {
        var current = (await catalog.GetAsync(id, cancellationToken: cancellationToken))!;
        if ((await suspensions.GetAsync(id, cancellationToken))?.Suspension is not { IsOpen: true } suspension)
        {
            return new(null, [], "the round is not suspended");
        }
        Round? changed = null;
        if (timetable is not null)
        {
            var loaded = Checked(RoundParser.ParseChange(timetable, current.Round));
            if (loaded.Value is null)
            {
                return new(null, [], Problems: loaded.Problems);
            }
            changed = loaded.Value;
        }
        var now = time.GetUtcNow();
        return new(changed ?? current.Round, await PreviewEachAsync(id, async (state, token) => state.IsSuspended && await SuspendedByAsync(state.Id, suspension, token),
            async (state, token) =>
            {
                var before = await versions.GetAsync(id, state.RoundVersion, token);
                InstanceEvent[] events = changed is null ? [new Resumed(now, by)] : [new TimetableChanged(now, changed.Version), new Resumed(now, by)];
                return ChangePreview.Of(state, before, changed ?? before, now, events);
            },
            cancellationToken));
    }

    private async Task<IReadOnlyList<SystemPreview>> PreviewEachAsync(
        RoundId id, Func<InstanceState, CancellationToken, Task<bool>> reaches, Func<InstanceState, CancellationToken, Task<SystemPreview>> preview,
        CancellationToken cancellationToken)
    {
        var previews = new List<SystemPreview>();
        foreach (var system in reference.Directory.Systems.OrderBy(s => s.Code.Value, StringComparer.Ordinal))
        {
            if (await journal.GetAsync(new InstanceId(id, system.Code), cancellationToken) is { } snapshot && await reaches(snapshot.State, cancellationToken))
            {
                previews.Add(await preview(snapshot.State, cancellationToken));
            }
        }
        return previews;
    }

    private static string SuspendedId(RoundSuspension suspension) => $"round-suspended:{suspension.Number}";

    /// <summary>Whether the instance took the round's suspension, rather than refusing it as suspended on its own already.</summary>
    private async Task<bool> SuspendedByAsync(InstanceId instance, RoundSuspension suspension, CancellationToken cancellationToken) =>
        await journal.FindAsync(instance, SuspendedId(suspension), cancellationToken) is { Refusal: null };

    /// <summary>After a resumption that did not reach every instance, whether one it should have reached is still suspended.</summary>
    private async Task<bool> AnyStillSuspendedAsync(RoundId id, RoundSuspension suspension, string resumedId, CancellationToken cancellationToken)
    {
        foreach (var system in reference.Directory.Systems)
        {
            var instance = new InstanceId(id, system.Code);
            if (await journal.GetAsync(instance, cancellationToken) is { State.IsSuspended: true }
                && await SuspendedByAsync(instance, suspension, cancellationToken)
                && await journal.FindAsync(instance, resumedId, cancellationToken) is null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A round that reads well is checked against the directory too: a hold for a system it does not list is refused.</summary>
    private Loaded<Round> Checked(Loaded<Round> loaded) =>
        loaded.Value is { } round && RoundChecks.AgainstDirectory(round, reference.Directory).ToList() is { Count: > 0 } problems
            ? Loaded.Failure<Round>(problems)
            : loaded;
}
