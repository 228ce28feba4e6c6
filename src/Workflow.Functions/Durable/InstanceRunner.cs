using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Core.Rounds;
using Workflow.Storage;
using Workflow.Storage.Directory;
using Workflow.Storage.Instances;
using Workflow.Storage.Scheduling;
using Workflow.Storage.Status;

namespace Workflow.Functions.Durable;

public enum RunOutcome
{
    Done,
    NotFound,
    Refused,

    /// <summary>The single-use link has been used already: nothing was done this time.</summary>
    AlreadyUsed,

    /// <summary>The run threw; nothing of it was committed, and its wake-up stays for the next tick.</summary>
    Failed,
}

/// <summary>What a run did: its outcome, the state after it, the commands it issued, how many events it committed and when it wakes next.</summary>
public sealed record RunResult(RunOutcome Outcome, InstanceState? State = null, string? Refusal = null, ImmutableArray<Command> Commands = default)
{
    public int Committed { get; init; }

    public DateTimeOffset? NextWakeAt { get; init; }
}

/// <summary>
/// Runs one instance durably, as a Durable Functions orchestration would be run: load the state, apply what
/// happened, <see cref="StateMachine.Decide"/>, schedule the next wake-up, commit state, events and outbox in
/// one transaction, then hand the outbox to the dispatcher. A lost race reloads and decides again.
/// </summary>
public sealed class InstanceRunner(
    InstanceStore instances,
    ScheduleStore schedule,
    StatusStore status,
    OutboxQueue outbox,
    RoundCatalog rounds,
    ReferenceData reference,
    DelegationStore delegations,
    TimeProvider time,
    IOptions<WorkflowOptions> options,
    ILogger<InstanceRunner> logger)
{
    private const int MaxAttempts = 10;

    /// <summary>
    /// Applies <paramref name="happened"/> (built for the current time by <paramref name="build"/>) and decides.
    /// Nothing is written when any event is refused.
    /// </summary>
    /// <param name="usedToken">A single-use link's token, marked used in the same transaction as the events.</param>
    public async Task<RunResult> RunAsync(
        InstanceId id,
        Func<InstanceState, DateTimeOffset, IReadOnlyList<InstanceEvent>>? build = null,
        bool woken = false,
        string? usedToken = null,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // A woken instance also hands over mail a crash may have stranded, so it reads its unsent outbox with its state.
            var (record, unsent) = woken
                ? await instances.GetWithUnsentAsync(id, cancellationToken) ?? default
                : (await instances.GetAsync(id, cancellationToken), []);
            if (record is null)
            {
                return new RunResult(RunOutcome.NotFound);
            }
            if (usedToken is not null && await instances.IsTokenUsedAsync(id, usedToken, cancellationToken))
            {
                return new RunResult(RunOutcome.AlreadyUsed, record.State);
            }
            var round = (await rounds.GetAsync(id.Round, record.State.RoundVersion, cancellationToken))?.Round
                ?? throw new InvalidOperationException($"Round {id.Round} of instance {id} is not stored.");
            var now = time.GetUtcNow();
            var state = record.State;
            var changes = new List<Change>();
            foreach (var evt in build?.Invoke(state, now) ?? [])
            {
                if (StateMachine.Check(state, round, evt) is { } refusal)
                {
                    return new RunResult(RunOutcome.Refused, record.State, refusal);
                }
                state = StateMachine.Apply(state, evt);
                changes.Add(new Change(evt, state, PlanEvents.For(evt, state) is { } integration ? [Outbound.Event(integration) with { CommittedAt = now }] : []));
            }

            var decided = StateMachine.Decide(state, round, now);
            var deputies = decided.Commands.Any(c => c.To.Contains(Role.RegionalDirector) || c.Copy.Contains(Role.RegionalDirector))
                ? await delegations.ActingDeputiesAsync(reference.Directory, state.Region, now, cancellationToken)
                : [];
            foreach (var command in decided.Commands)
            {
                var issued = new CommandIssued(now, command);
                state = StateMachine.Apply(state, issued);
                var items = new List<OutboxItem> { Outbound.Message(command, state, round, reference.Directory, deputies) with { CommittedAt = now } };
                if (PlanEvents.For(issued, state) is { } integration)
                {
                    items.Add(Outbound.Event(integration) with { CommittedAt = now });
                }
                changes.Add(new Change(issued, state, items));
            }

            // An instance keeps a wake-up while it has mail not yet handed over, so a crash after the commit
            // only delays that mail to the next wake-up instead of losing it.
            var redelivery = TimeSpan.FromMinutes(options.Value.RedeliveryMinutes);
            var owesMail = unsent.Count > 0 || changes.Any(c => c.Outbox.Count > 0);
            var wake = Earliest(decided.NextWakeAt, owesMail ? now + redelivery : null);
            if (wake is { } at)
            {
                await schedule.SetAsync(id, at, cancellationToken);
            }

            if (changes.Count > 0)
            {
                var committed = await instances.CommitAsync(record, changes, usedToken, cancellationToken);
                if (committed is null)
                {
                    Log.Conflict(logger, id, attempt);
                    // Wait a random while, longer after each loss, so that many workers racing on one instance spread out
                    // instead of colliding again at once until they run out of attempts.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 << Math.Min(attempt, 6))), cancellationToken);
                    continue;
                }
                Log.Committed(logger, id, changes.Count, decided.Commands.Length, wake);
            }

            // Mail still unsent a while after it was committed, or after its next try was due, has lost its queue message
            // (to a crash between commit and queue, or one mid-send): hand it over again. Mail waiting for its next try is
            // left to the message the dispatcher queued for then.
            var stranded = unsent.Where(item => (item.NextTryAt ?? item.CommittedAt) is not { } due || due <= now - redelivery);
            foreach (var item in stranded.Concat(changes.SelectMany(c => c.Outbox)))
            {
                await outbox.EnqueueAsync(new OutboxReference(id.ToString(), item.Row), cancellationToken: cancellationToken);
            }
            if (changes.Count > 0 || woken)
            {
                await status.WriteAsync(InstanceStatus.Of(state, round, now), cancellationToken);
            }
            return new RunResult(RunOutcome.Done, state, Commands: decided.Commands) { Committed = changes.Count, NextWakeAt = wake };
        }
        throw new InvalidOperationException($"Instance {id} kept losing races after {MaxAttempts} attempts.");
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
