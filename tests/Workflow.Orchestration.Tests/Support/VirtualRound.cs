using System.Collections.Immutable;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Orchestration.Activities;

namespace Workflow.Orchestration.Tests.Support;

/// <summary>One system's orchestration driven through a round: every command it sent, where it ended, and what it refused.</summary>
internal sealed record OrchestratedRun(ImmutableArray<Command> Commands, ImmutableArray<PlanEvent> Published, InstanceState Final, ImmutableArray<JournalEntry> Refused, int Iterations);

/// <summary>
/// Drives <see cref="PlanningOrchestrator"/> iteration by iteration in virtual time, with the people of one system acting
/// as a <see cref="SystemScript"/> says, exactly as <see cref="Simulator"/> lets them act: of what is due at an instant,
/// a dated action comes before a reaction, and both before the timer. Every input, event and activity payload crosses
/// as the JSON Durable Task would store.
/// </summary>
internal static class VirtualRound
{
    private const int MaxIterations = 5_000;

    public static OrchestratedRun Run(InstanceId id, RegionCode region, Round round, RoundSnapshot snapshot, SystemScript script)
    {
        // Started as the client starts a round: with the round in the input.
        var started = new InstanceStarted(round.OpensAt, region, snapshot.Version);
        var json = OrchestrationJson.Write(PlanningOrchestrator.Start(StateMachine.Start(id, started), started, clock: null, snapshot));
        var commands = ImmutableArray.CreateBuilder<Command>();
        var refused = ImmutableArray.CreateBuilder<JournalEntry>();
        var published = ImmutableArray.CreateBuilder<PlanEvent>();
        InstanceState? projected = null;
        string Activity(string name, string payload)
        {
            switch (name)
            {
                case ActivityNames.LoadRound:
                    Assert.Equal(snapshot.Version, OrchestrationJson.Read<RoundRequest>(payload).Version);
                    return OrchestrationJson.Write(snapshot);
                case ActivityNames.SendMessage:
                    commands.Add(OrchestrationJson.Read<SendMessageInput>(payload).Command);
                    return OrchestrationJson.Write(SendMessageResult.Delivered);
                case ActivityNames.PublishEvent:
                    published.Add(OrchestrationJson.Read<PlanEvent>(payload));
                    return "";
                case ActivityNames.Project:
                    var projection = OrchestrationJson.Read<ProjectionInput>(payload);
                    projected = projection.State;
                    refused.AddRange(projection.Entries.Where(e => e.Refusal is not null));
                    return "";
                default:
                    throw new InvalidOperationException($"No activity {name}.");
            }
        }

        var nextDated = 0;
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            var input = OrchestrationJson.Read<PlanningInput>(json);
            var context = new FakeOrchestrationContext(json, input.Now.UtcDateTime, Activity);
            projected = null;
            var running = PlanningOrchestrator.RunAsync(context);
            Assert.False(running.IsCompleted, $"Iteration {iteration} ended without waiting: {running.Exception}");
            // What the people see is the state after this iteration's commands, projected or, when nothing changed, as it came in.
            var state = projected ?? input.State;

            var dated = nextDated < script.Dated.Count ? script.Dated[nextDated] : null;
            var reaction = script.NextReaction(state, round);
            DateTimeOffset? timer = context.TimerAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
            var first = new[] { dated?.At, reaction?.At, timer }.Where(t => t is not null).Min();
            if (first is null)
            {
                return new OrchestratedRun(commands.ToImmutable(), published.ToImmutable(), state, refused.ToImmutable(), iteration);
            }
            if (dated is not null && dated.At <= first)
            {
                nextDated++;
                Raise(context, dated, input.Now, $"dated-{nextDated}");
            }
            else if (reaction is not null && reaction.At <= first)
            {
                Raise(context, reaction, input.Now, $"reaction-{iteration}");
            }
            else
            {
                context.Now = timer!.Value.UtcDateTime;
                context.FireTimer();
            }
            running.GetAwaiter().GetResult();
            json = context.NextInput ?? throw new InvalidOperationException($"Iteration {iteration} did not continue as new.");
        }
        throw new InvalidOperationException($"{id} did not settle within {MaxIterations} iterations.");
    }

    private static void Raise(FakeOrchestrationContext context, InstanceEvent evt, DateTimeOffset now, string eventId)
    {
        context.Now = (evt.At > now ? evt.At : now).UtcDateTime;
        context.Raise(new PlanningEvent(eventId, evt));
    }
}
