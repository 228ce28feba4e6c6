using System.Collections.Immutable;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Orchestration.Activities;

namespace Workflow.Orchestration;

/// <summary>
/// One system's path through one round, as an eternal orchestration around the pure state machine. Each iteration
/// decides what is due and sends it, projects the state for the pages, waits for a timer or an event, applies the
/// event, and continues as new, so history stays one iteration long whatever the length of the round.
/// </summary>
public static class PlanningOrchestrator
{
    public const string Name = "PlanningInstance";

    /// <summary>
    /// The input shape this code writes. An older input is read by the same code: fields are only added. Schema 2 does
    /// an iteration's sends, events and projection in one activity; an iteration of schema 1 still does each on its own,
    /// so one in flight as this code is deployed replays as it ran, and continues as new under schema 2.
    /// </summary>
    public const int Schema = 2;

    /// <summary>Enough to recognise any redelivery: events are few per instance, and redeliveries come soon after.</summary>
    private const int RememberedEventIds = 256;

    // A mail outage can last an hour or more; past about two hours of tries the message is recorded as undelivered and
    // waits for someone to resend it, rather than holding up the instance.
    private static readonly TaskOptions SendRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(30), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(30)));

    // A few quick tries of the whole, then each part on its own with its own retries.
    private static readonly TaskOptions TogetherRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    // Storage the app owns: it comes back, so keep trying; the instance cannot go on without its round.
    private static readonly TaskOptions StorageRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(5)));

    /// <summary>The instance id of one system's orchestration in one round, the same however often it is asked for.</summary>
    public static string InstanceIdFor(Workflow.Core.InstanceId instance) => instance.ToString();

    /// <summary>What every instance id of <paramref name="round"/>, and of no other round, begins with.</summary>
    public static string InstanceIdPrefixFor(Workflow.Core.RoundId round) => $"{round}|";

    /// <summary>
    /// The first input of an instance: its state as started, to be decided at the instant it started. With the round
    /// version the state follows, the first iteration need not load it: a round's start passes the same one to all.
    /// </summary>
    public static PlanningInput Start(InstanceState started, InstanceStarted happened, RoundClock? clock, RoundSnapshot? round = null)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(happened);
        if (round is not null && round.Version != started.RoundVersion)
        {
            throw new ArgumentException($"The instance follows version {started.RoundVersion} of its round, not {round.Version}.", nameof(round));
        }
        return new PlanningInput { State = started, Now = happened.At, Clock = clock, Round = round, Unprojected = [new JournalEntry(happened, started.Version)] };
    }

    public static async Task RunAsync(TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = OrchestrationJson.Read<PlanningInput>(context.GetInput<string>());
        var logger = context.CreateReplaySafeLogger(typeof(PlanningOrchestrator));
        var snapshot = input.Round ?? await LoadRoundAsync(context, input.State);
        var round = snapshot.ToRound();
        var state = input.State;
        var now = input.Now;
        var entries = input.Unprojected.ToBuilder();
        var events = input.Unpublished.ToBuilder();

        // 1. Send what is due, and publish what happened. Each command is recorded as issued before its send is
        //    scheduled, so it is never decided again.
        // 2. Project: pages read the projection, never this history.
        var decided = StateMachine.Decide(state, round, now);
        var sends = ImmutableArray.CreateBuilder<SendMessageInput>(decided.Commands.Length);
        foreach (var command in decided.Commands)
        {
            state = Record(state, new CommandIssued(now, command), entries, events);
            sends.Add(new SendMessageInput(state.Id, state.Region, state.Peer, state.RoundVersion, command));
        }
        var work = new Work(sends.ToImmutable(), entries, events, now, decided.NextWakeAt, logger);
        // An iteration that changed nothing has nothing to send or show, only perhaps events to publish again.
        (state, var unpublished) = input.Schema >= 2 && entries.Count > 0
            ? await CarryOutTogetherAsync(context, work, state)
            : await CarryOutApartAsync(context, work, state);

        // An event the topic would not take is tried again next iteration rather than lost.
        var next = input with { Schema = Schema, State = state, Round = snapshot, Unprojected = [], Unpublished = unpublished, Held = [] };
        var fireAt = decided.NextWakeAt is { } due ? input.Clock?.ToReal(due) ?? due.UtcDateTime : (DateTime?)null;

        // 3a. Events held back: while the next prompt was due when the oldest came, that prompt goes first; else the
        //     oldest is applied at the time it came.
        if (input.Held is [var oldest, .. var rest])
        {
            var (taken, open) = TakeRaised(context);
            ContinueAsNew(context, oldest.At >= fireAt - TimerSlack
                ? next with { Now = decided.NextWakeAt!.Value, Held = [.. input.Held, .. taken] }
                : Receive(next with { Held = [.. rest, .. taken] }, oldest.Event, oldest.At, round, logger), open);
            return;
        }

        // 3. Wait for the next prompt's time or for something to happen, whichever comes first. The wait for an event is
        // never cancelled: a cancelled waiter still takes the next event that arrives, and drops it.
        using var cancel = new CancellationTokenSource();
        var raised = context.WaitForExternalEvent<string>(PlanningEvent.Name);
        if (decided.NextWakeAt is { } wake)
        {
            while (true)
            {
                var timer = context.CreateTimer(fireAt!.Value, cancel.Token);
                if (await Task.WhenAny(raised, timer) != timer)
                {
                    break;
                }
                // A timer an earlier iteration cancelled still fires, and can reach this one under the same timer id; only
                // a timer that fires at (or within the backend's slack of) this one's instant is this one, so an earlier
                // one is waited past. The storage backend delivers timers up to some milliseconds early.
                if (context.CurrentUtcDateTime >= fireAt - TimerSlack)
                {
                    // Woken by the timer, now is the instant it was set for, however late it fired.
                    cancel.Cancel();
                    ContinueAsNew(context, next with { Now = wake }, raised);
                    return;
                }
                Log.EarlyTimer(logger, state.Id, fireAt.Value, context.CurrentUtcDateTime);
            }
            cancel.Cancel();
        }

        // 4. Check and apply the event at the orchestration's current time; a refused one is journalled with why. An event
        //    that beat a timer already due (a host back from a crash finds both waiting) waits for the timer's prompts:
        //    applied first, it would move the instance past them, and they would never go.
        var happened = OrchestrationJson.Read<PlanningEvent>(await raised);
        var (meanwhile, waiting) = TakeRaised(context);
        if (context.CurrentUtcDateTime >= fireAt - TimerSlack)
        {
            ContinueAsNew(context, next with { Now = decided.NextWakeAt!.Value, Held = [new HeldEvent(happened, context.CurrentUtcDateTime), .. meanwhile] }, waiting);
            return;
        }
        ContinueAsNew(context, Receive(next with { Held = meanwhile }, happened, context.CurrentUtcDateTime, round, logger), waiting);
    }

    /// <summary>
    /// Every event raised on the instance that the SDK holds for this iteration, with the time now, and the wait left
    /// open after them. Carried in the input, they do not depend on the SDK carrying them to the next iteration, which
    /// the local sidecar does not do.
    /// </summary>
    private static (ImmutableArray<HeldEvent> Taken, Task<string> Open) TakeRaised(TaskOrchestrationContext context)
    {
        var taken = ImmutableArray.CreateBuilder<HeldEvent>();
        while (true)
        {
            var wait = context.WaitForExternalEvent<string>(PlanningEvent.Name);
            if (!wait.IsCompletedSuccessfully)
            {
                return (taken.ToImmutable(), wait);
            }
            taken.Add(new HeldEvent(OrchestrationJson.Read<PlanningEvent>(wait.Result), context.CurrentUtcDateTime));
        }
    }

    private static void ContinueAsNew(TaskOrchestrationContext context, PlanningInput next, Task<string> open)
    {
        context.ContinueAsNew(OrchestrationJson.Write(next), preserveUnprocessedEvents: true);
        _ = ForwardLateAsync(context, open);
    }

    /// <summary>
    /// An event that reaches this iteration after it has continued as new (in the same batch as the timer, say) is taken
    /// by the wait left open here; it is sent on to the next iteration, as the SDK sends on an event nobody waits for.
    /// </summary>
    private static async Task ForwardLateAsync(TaskOrchestrationContext context, Task<string> late) =>
        context.SendEvent(context.InstanceId, PlanningEvent.Name, await late);

    /// <summary>
    /// How early a timer may fire and still be this iteration's. A stale timer this close to the instant wakes the
    /// instance at most this much early in real time, and it decides at the instant it set, so nothing changes.
    /// </summary>
    internal static readonly TimeSpan TimerSlack = TimeSpan.FromSeconds(1);

    /// <summary>The next iteration's input once <paramref name="happened"/> has been received at real time <paramref name="utcNow"/>.</summary>
    internal static PlanningInput Receive(PlanningInput next, PlanningEvent happened, DateTime utcNow, Workflow.Core.Rounds.Round round, ILogger logger)
    {
        if (next.AppliedEventIds.Contains(happened.Id))
        {
            Log.Duplicate(logger, next.State.Id, happened.Id);
            return next;
        }
        var ids = next.AppliedEventIds.Add(happened.Id);
        next = next with { AppliedEventIds = ids.Length > RememberedEventIds ? ids[^RememberedEventIds..] : ids };
        var clock = happened.Clock ?? next.Clock;
        var at = Later(clock?.ToRound(utcNow) ?? new DateTimeOffset(utcNow, TimeSpan.Zero), next.Now);
        if (happened.Event is not { } received)
        {
            // A moved clock is decided at the instant it was moved to, not when the instance heard of it: moved to a send
            // time, the prompts of that time go; what it skipped waits for the next send time.
            return happened.Clock is { } moved ? next with { Clock = clock, Now = Later(moved.RoundStart, next.Now) } : next with { Now = at };
        }

        var evt = StateMachine.Prepare(next.State, round, received with { At = at });
        var entries = ImmutableArray.CreateBuilder<JournalEntry>();
        var events = next.Unpublished.ToBuilder();
        if (StateMachine.Check(next.State, round, evt) is { } refusal)
        {
            Log.Refused(logger, next.State.Id, happened.Id, refusal);
            entries.Add(new JournalEntry(evt, next.State.Version, happened.Id, refusal));
            return next with { Now = at, Unprojected = entries.ToImmutable() };
        }
        var state = Record(next.State, evt, entries, events, happened.Id);
        // A changed timetable is loaded by the next iteration, before it decides anything with it.
        var snapshot = state.RoundVersion == next.Round?.Version ? next.Round : null;
        return next with { State = state, Now = at, Round = snapshot, Unprojected = entries.ToImmutable(), Unpublished = events.ToImmutable() };
    }

    private static InstanceState Record(
        InstanceState state, InstanceEvent evt, ImmutableArray<JournalEntry>.Builder entries, ImmutableArray<PlanEvent>.Builder events, string? eventId = null)
    {
        var after = StateMachine.Apply(state, evt);
        entries.Add(new JournalEntry(evt, after.Version, eventId));
        if (PlanEvents.For(evt, after) is { } reported)
        {
            events.Add(reported);
        }
        return after;
    }

    private static async Task<RoundSnapshot> LoadRoundAsync(TaskOrchestrationContext context, InstanceState state) =>
        OrchestrationJson.Read<RoundSnapshot>(await context.CallActivityAsync<string>(
            ActivityNames.LoadRound, OrchestrationJson.Write(new RoundRequest(state.Id.Round, state.RoundVersion)), StorageRetry));

    /// <summary>
    /// The sends, events and projection of one iteration, in one activity: one work item and one result rather than one
    /// for each, which is most of what an iteration costs the task hub. When the whole fails past its few retries, each
    /// part is done again on its own, with its own retries, so a mail outage is tried for as long as it would be alone
    /// and a message that cannot go is told apart from one that can.
    /// </summary>
    private static async Task<(InstanceState, ImmutableArray<PlanEvent>)> CarryOutTogetherAsync(TaskOrchestrationContext context, Work work, InstanceState state)
    {
        var publishing = work.Events.ToImmutable();
        IterationWorkDone done;
        try
        {
            var payload = OrchestrationJson.Write(new IterationWork(work.Sends, publishing, work.Projection(state)));
            done = OrchestrationJson.Read<IterationWorkDone>(await context.CallActivityAsync<string>(ActivityNames.CarryOut, payload, TogetherRetry));
        }
        catch (TaskFailedException)
        {
            return await CarryOutApartAsync(context, work, state);
        }
        state = RecordUndelivered(state, work, [.. done.Sends]);
        if (!done.Projected)
        {
            await ProjectAsync(context, work.Projection(state));
        }
        return (state, work.Events.Skip(publishing.Length).ToImmutableArray());
    }

    /// <summary>Each send, event and the projection as an activity of its own: how schema 1 iterates, and the fallback.</summary>
    private static async Task<(InstanceState, ImmutableArray<PlanEvent>)> CarryOutApartAsync(TaskOrchestrationContext context, Work work, InstanceState state)
    {
        var sending = work.Sends.Select(s => SendAsync(context, s)).ToList();
        var publishing = work.Events.Select(e => PublishAsync(context, e)).ToList();
        var results = await Task.WhenAll(sending);
        var published = await Task.WhenAll(publishing);
        state = RecordUndelivered(state, work, results);
        if (work.Entries.Count > 0)
        {
            await ProjectAsync(context, work.Projection(state));
        }
        return (state, [.. work.Events.Where((_, i) => i >= published.Length || !published[i])]);
    }

    private static InstanceState RecordUndelivered(InstanceState state, Work work, SendMessageResult[] results)
    {
        for (var i = 0; i < results.Length; i++)
        {
            if (!results[i].Sent)
            {
                var command = work.Sends[i].Command;
                Log.Undelivered(work.Logger, state.Id, command.Id, results[i].Refusal);
                state = Record(state, new DeliveryFailed(work.Now, command, results[i].Refusal ?? "not delivered"), work.Entries, work.Events);
            }
        }
        return state;
    }

    private static Task ProjectAsync(TaskOrchestrationContext context, ProjectionInput projection) =>
        context.CallActivityAsync(ActivityNames.Project, OrchestrationJson.Write(projection), StorageRetry);

    /// <summary>An iteration's commands to send, and the journal lines and events it has gathered so far, which recording an undelivered message adds to.</summary>
    private sealed record Work(
        ImmutableArray<SendMessageInput> Sends,
        ImmutableArray<JournalEntry>.Builder Entries,
        ImmutableArray<PlanEvent>.Builder Events,
        DateTimeOffset Now,
        DateTimeOffset? NextWakeAt,
        ILogger Logger)
    {
        public ProjectionInput Projection(InstanceState state) => new(state, Now, NextWakeAt, Entries.ToImmutable());
    }

    /// <summary>Sends one command; one that fails past its retries comes back as not sent, with the last failure.</summary>
    private static async Task<SendMessageResult> SendAsync(TaskOrchestrationContext context, SendMessageInput send)
    {
        var payload = OrchestrationJson.Write(send);
        try
        {
            return OrchestrationJson.Read<SendMessageResult>(await context.CallActivityAsync<string>(ActivityNames.SendMessage, payload, SendRetry));
        }
        catch (TaskFailedException ex)
        {
            return new SendMessageResult(false, ex.FailureDetails.ErrorMessage);
        }
    }

    /// <summary>Publishes one integration event; false when the topic would not take it even after the retries.</summary>
    private static async Task<bool> PublishAsync(TaskOrchestrationContext context, PlanEvent reported)
    {
        try
        {
            await context.CallActivityAsync(ActivityNames.PublishEvent, OrchestrationJson.Write(reported), StorageRetry);
            return true;
        }
        catch (TaskFailedException)
        {
            return false;
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
