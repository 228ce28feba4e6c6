using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Orchestration;
using Workflow.Orchestration.Activities;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Orchestration;

public enum RaiseOutcome
{
    /// <summary>The instance applied the event; the state is as it stood after it.</summary>
    Recorded,

    /// <summary>The event cannot happen now (the reason says why); nothing was raised, or the instance refused it.</summary>
    Refused,

    NotFound,

    /// <summary>Raised, and not yet applied when the wait ran out; it will be, once, as the instance reaches it.</summary>
    Pending,
}

public sealed record RaiseResult(RaiseOutcome Outcome, InstanceState? State = null, string? Refusal = null)
{
    /// <summary>For a single-use link: false when an earlier post of the same link had claimed it, so this one changed nothing.</summary>
    public bool FirstUse { get; init; } = true;
}

/// <summary>
/// What the HTTP side does to instances, through the Durable Task client the host gives each call (the Functions
/// host binds one to every function): start a round's instances, raise events, tell every instance of a new
/// timetable or clock. An event is checked against the projected state first, so a
/// refusal is answered at once; the orchestration checks it again, since it alone decides.
/// </summary>
public sealed class PlanningClient(
    JournalStore journal,
    LinkClaimStore claims,
    RoundVersions rounds,
    ReferenceData reference,
    TimeProvider time,
    IOptions<WorkflowOptions> options)
{
    // An event takes at least a control-queue poll and an iteration to apply, rarely under 100 ms; polling the journal
    // sooner only adds reads, and a second between polls is as long as a person should wait past the answer.
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(1);

    /// <summary>How long (real time) a raised event may go unapplied before it is raised again.</summary>
    private static readonly TimeSpan RaiseAgainAfter = TimeSpan.FromSeconds(3);

    // Two starts at once would each find a system not started yet, and each schedule it and count it as started.
    private static readonly SemaphoreSlim Starting = new(1, 1);

    /// <summary>Starts an instance for every system in the directory; instances that exist already are left as they are.</summary>
    public async Task<StartResult> StartRoundAsync(DurableTaskClient client, Round round, CancellationToken cancellationToken = default)
    {
        await Starting.WaitAsync(cancellationToken);
        try
        {
            return await StartEachAsync(client, round, cancellationToken);
        }
        finally
        {
            Starting.Release();
        }
    }

    private async Task<StartResult> StartEachAsync(DurableTaskClient client, Round round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(round);
        var started = 0;
        var clock = Clock();
        // One query for the round's instances, rather than a look-up for each system: a round has hundreds.
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = PlanningOrchestrator.InstanceIdPrefixFor(round.Id) })
            .WithCancellation(cancellationToken))
        {
            existing.Add(instance.InstanceId);
        }
        var snapshot = await rounds.SnapshotAsync(round.Id, round.Version, cancellationToken);
        await Parallel.ForEachAsync(reference.Directory.Systems, FanOut(cancellationToken),
            async (system, token) =>
            {
                var id = new InstanceId(round.Id, system.Code);
                if (existing.Contains(PlanningOrchestrator.InstanceIdFor(id)))
                {
                    return;
                }
                var happened = new InstanceStarted(time.GetUtcNow(), system.Region, round.Version);
                var input = PlanningOrchestrator.Start(StateMachine.Start(id, happened), happened, clock, snapshot);
                await client.ScheduleNewOrchestrationInstanceAsync(PlanningOrchestrator.Name, OrchestrationJson.Write(input), new StartOrchestrationOptions(PlanningOrchestrator.InstanceIdFor(id)), token);
                Interlocked.Increment(ref started);
            });
        return new StartResult(started, reference.Directory.Systems.Length - started);
    }

    /// <summary>
    /// Builds the event from the instance as projected, checks it, raises it under <paramref name="eventId"/> and waits a
    /// little for the instance to apply it. The same id raised again is the same event: it is applied once.
    /// </summary>
    public Task<RaiseResult> RaiseAsync(
        DurableTaskClient client, InstanceId id, string eventId, Func<InstanceState, DateTimeOffset, InstanceEvent> build, CancellationToken cancellationToken = default) =>
        RaiseAsync(client, id, eventId, build, raise: true, cancellationToken);

    /// <param name="raise">False to check only: an event that passes comes back <see cref="RaiseOutcome.Pending"/> with the state it was checked against.</param>
    private async Task<RaiseResult> RaiseAsync(
        DurableTaskClient client, InstanceId id, string eventId, Func<InstanceState, DateTimeOffset, InstanceEvent> build, bool raise, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (await journal.GetAsync(id, cancellationToken) is not { } snapshot)
        {
            return new RaiseResult(RaiseOutcome.NotFound);
        }
        if (await journal.FindAsync(id, eventId, cancellationToken) is { } done)
        {
            return Outcome(done, snapshot.State);
        }
        var evt = build(snapshot.State, time.GetUtcNow());
        var round = await rounds.GetAsync(id.Round, snapshot.State.RoundVersion, cancellationToken);
        if (StateMachine.Check(snapshot.State, round, evt) is { } refusal)
        {
            return new RaiseResult(RaiseOutcome.Refused, snapshot.State, refusal);
        }
        return raise ? await RaiseCheckedAsync(client, id, new PlanningEvent(eventId, evt), cancellationToken) : new RaiseResult(RaiseOutcome.Pending, snapshot.State);
    }

    /// <summary>
    /// A single-use link's event, raised under the link's nonce. The first post claims the nonce with its event; a later
    /// post of the same link, racing or late, gets what became of the first, and raises the claimed event again, so a
    /// crash between claim and raise loses nothing (the instance applies the nonce once either way).
    /// </summary>
    public async Task<RaiseResult> RaiseLinkAsync(
        DurableTaskClient client, InstanceId id, string nonce, Func<InstanceState, DateTimeOffset, InstanceEvent> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (await claims.GetAsync(id, nonce, cancellationToken) is { } earlier)
        {
            return await RaiseCheckedAsync(client, id, new PlanningEvent(nonce, earlier), cancellationToken) with { FirstUse = false };
        }
        var checkedFirst = await RaiseAsync(client, id, nonce, build, raise: false, cancellationToken);
        if (checkedFirst.Outcome != RaiseOutcome.Pending || checkedFirst.State is null)
        {
            // Refused, or found done: by another post of this link that claimed it meanwhile, when there is a claim now.
            return await claims.GetAsync(id, nonce, cancellationToken) is { } meanwhile
                ? await RaiseCheckedAsync(client, id, new PlanningEvent(nonce, meanwhile), cancellationToken) with { FirstUse = false }
                : checkedFirst;
        }
        var evt = build(checkedFirst.State, time.GetUtcNow());
        var claimed = await claims.ClaimAsync(id, nonce, evt, cancellationToken);
        return await RaiseCheckedAsync(client, id, new PlanningEvent(nonce, claimed ?? evt), cancellationToken) with { FirstUse = claimed is null };
    }

    /// <summary>Raises an event already checked (or one the orchestration alone can judge) and waits a little for it.</summary>
    public async Task<RaiseResult> RaiseCheckedAsync(DurableTaskClient client, InstanceId id, PlanningEvent happened, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(happened);
        var raised = new Raised(id, happened.Id, OrchestrationJson.Write(happened));
        await client.RaiseEventAsync(PlanningOrchestrator.InstanceIdFor(id), PlanningEvent.Name, raised.Payload, cancellationToken);
        return (await WaitForAppliedAsync(client, [raised], cancellationToken)).TryGetValue(raised, out var line)
            ? Outcome(line, (await journal.GetAsync(id, cancellationToken))?.State)
            : new RaiseResult(RaiseOutcome.Pending);
    }

    /// <summary>
    /// Raises many events, each on its own instance under its own id, as <see cref="RaiseAsync"/> raises one: each checked
    /// against its instance as projected, those that pass raised, then all waited for together, a few instances at a
    /// time as a round-wide event is. The outcomes are in the order the events were given; one applied comes back
    /// without the state, which is for the caller to read if it needs it.
    /// </summary>
    public async Task<IReadOnlyList<RaiseResult>> RaiseEachAsync(
        DurableTaskClient client, IReadOnlyList<(InstanceId Id, string EventId, Func<InstanceState, DateTimeOffset, InstanceEvent> Build)> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(events);
        var results = new RaiseResult[events.Count];
        var raised = new Raised?[events.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, events.Count), FanOut(cancellationToken), async (i, token) =>
        {
            var (id, eventId, build) = events[i];
            results[i] = await RaiseAsync(client, id, eventId, build, raise: false, token);
            if (results[i] is { Outcome: RaiseOutcome.Pending, State: { } state })
            {
                var happened = new PlanningEvent(eventId, build(state, time.GetUtcNow()));
                raised[i] = new Raised(id, eventId, OrchestrationJson.Write(happened));
                await client.RaiseEventAsync(PlanningOrchestrator.InstanceIdFor(id), PlanningEvent.Name, raised[i]!.Payload, token);
            }
        });
        var applied = await WaitForAppliedAsync(client, [.. raised.OfType<Raised>()], cancellationToken);
        for (var i = 0; i < events.Count; i++)
        {
            if (raised[i] is { } one)
            {
                results[i] = applied.TryGetValue(one, out var line) ? Outcome(line, null) : new RaiseResult(RaiseOutcome.Pending);
            }
        }
        return results;
    }

    /// <summary>
    /// Tells every running instance of the round that it now follows <paramref name="round"/>'s version. How many had not
    /// applied it when the wait ran out, as <see cref="RaiseOnRoundAsync"/> counts them.
    /// </summary>
    public Task<int> ChangeTimetableAsync(DurableTaskClient client, Round round, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        return RaiseOnRoundAsync(client, round.Id, new PlanningEvent($"timetable:v{round.Version}", new TimetableChanged(time.GetUtcNow(), round.Version)),
            (_, state, _) => Task.FromResult(state.RoundVersion < round.Version && state.WithdrawnAt is null), cancellationToken);
    }

    /// <summary>
    /// Raises one event on every instance of the round that <paramref name="concerns"/> says it is for, and waits a little
    /// for each to apply it, as a single event's request does, raising it again to any that has not. A repeat changes
    /// nothing: each instance applies the event's id once. How many had not applied it when the wait ran out: they
    /// will, unless the backend lost the event, so the same request sent again tells them.
    /// </summary>
    public async Task<int> RaiseOnRoundAsync(
        DurableTaskClient client, RoundId round, PlanningEvent happened, Func<InstanceId, InstanceState, CancellationToken, Task<bool>> concerns,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(happened);
        ArgumentNullException.ThrowIfNull(concerns);
        var told = new ConcurrentBag<Raised>();
        var payload = OrchestrationJson.Write(happened);
        await ForEachInstanceAsync(round, async (id, state, token) =>
        {
            if (await concerns(id, state, token))
            {
                await client.RaiseEventAsync(PlanningOrchestrator.InstanceIdFor(id), PlanningEvent.Name, payload, token);
                told.Add(new Raised(id, happened.Id, payload));
            }
        }, cancellationToken);
        return told.Count - (await WaitForAppliedAsync(client, [.. told], cancellationToken)).Count;
    }

    /// <summary>
    /// Waits (real time, up to <see cref="WorkflowOptions.RaiseWaitSeconds"/>) for each of <paramref name="raised"/> to
    /// be journalled by its instance, raising it again to those that have not every few seconds; the lines of those
    /// that were. An event raised while an instance continues as new can be dropped by the backend (the local sidecar
    /// does so when several arrive at once); raised again under its id, it is applied once either way.
    /// </summary>
    private async Task<IReadOnlyDictionary<Raised, JournalEntry>> WaitForAppliedAsync(
        DurableTaskClient client, IReadOnlyList<Raised> raised, CancellationToken cancellationToken)
    {
        var applied = new ConcurrentDictionary<Raised, JournalEntry>();
        var speed = ClockSpeed();
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(options.Value.RaiseWaitSeconds * speed);
        var raiseAgainAt = time.GetUtcNow() + RaiseAgainAfter * speed;
        for (var poll = FirstPoll; ; poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll)
        {
            var pending = raised.Where(one => !applied.ContainsKey(one)).ToList();
            await Parallel.ForEachAsync(pending, FanOut(cancellationToken), async (one, token) =>
            {
                if (await journal.FindAsync(one.Id, one.EventId, token) is { } line)
                {
                    applied[one] = line;
                }
            });
            var now = time.GetUtcNow();
            if (applied.Count == raised.Count || now >= deadline)
            {
                return applied;
            }
            if (now >= raiseAgainAt)
            {
                await Parallel.ForEachAsync(pending.Where(one => !applied.ContainsKey(one)), FanOut(cancellationToken), async (one, token) =>
                    await client.RaiseEventAsync(PlanningOrchestrator.InstanceIdFor(one.Id), PlanningEvent.Name, one.Payload, token));
                raiseAgainAt = now + RaiseAgainAfter * speed;
            }
            await Task.Delay(poll, cancellationToken);
        }
    }

    /// <summary>Gives every instance of the round the virtual clock as it now stands, after it was moved or the service restarted.</summary>
    public Task MoveClockAsync(DurableTaskClient client, RoundId round, CancellationToken cancellationToken = default)
    {
        if (Clock() is not { } clock)
        {
            return Task.CompletedTask;
        }
        var id = $"clock:{clock.RealStart.UtcTicks}";
        return ForEachInstanceAsync(round, (instance, _, token) =>
            client.RaiseEventAsync(PlanningOrchestrator.InstanceIdFor(instance), PlanningEvent.Name, OrchestrationJson.Write(new PlanningEvent(id, Clock: clock)), token), cancellationToken);
    }

    /// <summary>
    /// Removes a withdrawn instance's orchestration history from the task hub, ending its orchestration first. Its journal
    /// and status row are kept: they are the record of what happened. False when there is no orchestration to purge.
    /// </summary>
    public static async Task<bool> PurgeAsync(DurableTaskClient client, InstanceId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instanceId = PlanningOrchestrator.InstanceIdFor(id);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not { } metadata)
        {
            return false;
        }
        if (!metadata.IsCompleted)
        {
            await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions { Output = "purged" }, cancellationToken);
            await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        }
        return (await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken)).PurgedInstanceCount > 0;
    }

    private async Task ForEachInstanceAsync(RoundId round, Func<InstanceId, InstanceState, CancellationToken, Task> act, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(reference.Directory.Systems, FanOut(cancellationToken),
            async (system, token) =>
            {
                var id = new InstanceId(round, system.Code);
                if (await journal.GetAsync(id, token) is { } snapshot)
                {
                    await act(id, snapshot.State, token);
                }
            });

    private ParallelOptions FanOut(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken };

    /// <summary>An event raised on an instance, as written to it: what to look for in its journal, and what to raise again.</summary>
    private sealed record Raised(InstanceId Id, string EventId, string Payload);

    private static RaiseResult Outcome(JournalEntry line, InstanceState? state) => line.Refusal is { } refusal
        ? new RaiseResult(RaiseOutcome.Refused, state, refusal)
        : new RaiseResult(RaiseOutcome.Recorded, state);

    /// <summary>The mapping the orchestrations follow when the service runs on a virtual clock; null on real time.</summary>
    private RoundClock? Clock() => time is VirtualClock clock ? clock.Mapping() : null;

    /// <summary>How many round seconds pass in a real one, so the wait for an event is counted in real time.</summary>
    private double ClockSpeed() => time is VirtualClock clock ? clock.Speed : 1;
}
