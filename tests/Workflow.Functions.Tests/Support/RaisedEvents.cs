using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Orchestration;
using Workflow.Storage.Journal;

namespace Workflow.Functions.Tests.Support;

/// <summary>Events raised on a mocked Durable Task client, as the tests that fake the orchestration's side see them.</summary>
internal static class RaisedEvents
{
    /// <summary>
    /// Plays the orchestration's part for a mocked client: each event raised is applied and projected at once, as the
    /// instance would a moment later, so the function's wait ends on its first look. What was raised, to which orchestration.
    /// </summary>
    public static List<(string Instance, PlanningEvent Event)> ApplyAtOnce(Mock<DurableTaskClient> durable, JournalStore journal)
    {
        var raised = new List<(string Instance, PlanningEvent Event)>();
        durable.Setup(d => d.RaiseEventAsync(It.IsAny<string>(), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, object?, CancellationToken>(async (instance, _, payload, token) =>
            {
                var happened = Add(raised, instance, payload);
                Assert.True(InstanceId.TryParse(instance, out var id), $"'{instance}' is not an instance id");
                var state = (await journal.GetAsync(id, token))!.State;
                await journal.ProjectAsync(StateMachine.Apply(state, happened.Event!), [new JournalEntry(happened.Event!, state.Version + 1, happened.Id)], token);
            });
        return raised;
    }

    /// <summary>What was raised, to which orchestration, with nothing applied: for functions that do not wait for the instances to take it.</summary>
    public static List<(string Instance, PlanningEvent Event)> Record(Mock<DurableTaskClient> durable)
    {
        var raised = new List<(string Instance, PlanningEvent Event)>();
        durable.Setup(d => d.RaiseEventAsync(It.IsAny<string>(), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, object?, CancellationToken>((instance, _, payload, _) =>
            {
                Add(raised, instance, payload);
                return Task.CompletedTask;
            });
        return raised;
    }

    private static PlanningEvent Add(List<(string Instance, PlanningEvent Event)> raised, string instance, object? payload)
    {
        var happened = OrchestrationJson.Read<PlanningEvent>((string)payload!);
        lock (raised)
        {
            raised.Add((instance, happened));
        }
        return happened;
    }
}
