using System.Collections.Immutable;
using Workflow.Core.Integration;

namespace Workflow.Orchestration.Activities;

/// <summary>
/// What one iteration has to do outside itself, in one activity: send its commands and publish its events side by side,
/// then project, but only once every command has gone, since a refused one changes the state to project. Each part is
/// idempotent, so the whole is too, and a retry repeats nothing anyone sees.
/// </summary>
public sealed record IterationWork(ImmutableArray<SendMessageInput> Sends, ImmutableArray<PlanEvent> Events, ProjectionInput Projection);

/// <summary>What came of each send, in the order asked; and whether the projection was written.</summary>
public sealed record IterationWorkDone(ImmutableArray<SendMessageResult> Sends, bool Projected);
