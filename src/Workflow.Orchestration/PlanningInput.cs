using System.Collections.Immutable;
using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Orchestration.Activities;

namespace Workflow.Orchestration;

/// <summary>
/// Everything one iteration of an instance's orchestration starts from; each iteration ends by continuing as new with
/// the next. Fields are only ever added, each with a default, so an input written by an older deployment still reads.
/// </summary>
public sealed record PlanningInput
{
    // A field an older deployment did not write reads as empty, never as a default array that cannot be enumerated.
    private readonly ImmutableArray<PlanEvent> _unpublished;

    private readonly ImmutableArray<JournalEntry> _unprojected;

    private readonly ImmutableArray<string> _appliedEventIds;

    private readonly ImmutableArray<HeldEvent> _held;

    /// <summary>The shape of this input; see docs/orchestration.md for how a change to the loop is rolled out.</summary>
    public int Schema { get; init; } = PlanningOrchestrator.Schema;

    public required InstanceState State { get; init; }

    /// <summary>Round time at which this iteration decides: the last event's or the timer's instant.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>The round version the state follows; empty when it must be loaded first (at the start, or after a timetable change).</summary>
    public RoundSnapshot? Round { get; init; }

    /// <summary>The local virtual clock, when round time is not real time.</summary>
    public RoundClock? Clock { get; init; }

    /// <summary>Ids of the latest events applied, newest last, so a redelivered event is recognised and applied once.</summary>
    public ImmutableArray<string> AppliedEventIds { get => _appliedEventIds.IsDefault ? [] : _appliedEventIds; init => _appliedEventIds = value; }

    /// <summary>Journal lines of the last event, projected by the next iteration together with what it issues.</summary>
    public ImmutableArray<JournalEntry> Unprojected { get => _unprojected.IsDefault ? [] : _unprojected; init => _unprojected = value; }

    /// <summary>
    /// Events taken but not yet applied, oldest first, each with the orchestration's real time when it came: one that
    /// came when a timer was already due (a host back from a crash finds both waiting) waits for the prompts due by
    /// then; and every event raised meanwhile is carried here rather than by the SDK, which the local sidecar drops.
    /// </summary>
    public ImmutableArray<HeldEvent> Held { get => _held.IsDefault ? [] : _held; init => _held = value; }

    /// <summary>Integration events not yet published: the last event's, and any whose publishing failed, tried again next.</summary>
    public ImmutableArray<PlanEvent> Unpublished { get => _unpublished.IsDefault ? [] : _unpublished; init => _unpublished = value; }
}

/// <summary>An event the orchestration has taken and will apply, at <see cref="At"/> (its real time when the event came).</summary>
public sealed record HeldEvent(PlanningEvent Event, DateTime At);
