using System.Collections.Immutable;
using Workflow.Core.Instances;

namespace Workflow.Orchestration.Activities;

/// <summary>
/// The state to show (status row and snapshot) and the journal lines since the last projection. Written idempotently,
/// so a repeated activity leaves the tables as one run would.
/// </summary>
public sealed record ProjectionInput(InstanceState State, DateTimeOffset Now, DateTimeOffset? NextWakeAt, ImmutableArray<JournalEntry> Entries);
