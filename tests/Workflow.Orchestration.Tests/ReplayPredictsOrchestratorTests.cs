using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Orchestration.Tests.Support;

namespace Workflow.Orchestration.Tests;

/// <summary>
/// What <c>workflow simulate</c> predicts for the shipped round is what the orchestration sends, command for command and
/// instant for instant, for every one of the 42 systems, when people act as the shipped scenario says.
/// </summary>
public sealed class ReplayPredictsOrchestratorTests
{
    private static readonly Lazy<(SimulationResult Replay, Dictionary<SystemCode, OrchestratedRun> Orchestrated)> Both = new(() =>
    {
        var shipped = ShippedRound.Instance;
        var replay = Simulator.Run([shipped.Round], shipped.Scenario, shipped.Directory);
        var peers = Simulator.PeerPairs(shipped.Directory);
        var runs = new System.Collections.Concurrent.ConcurrentDictionary<SystemCode, OrchestratedRun>();
        Parallel.ForEach(shipped.Directory.Systems, system =>
        {
            var id = new InstanceId(shipped.Round.Id, system.Code);
            var script = new SystemScript(id, shipped.Scenario.For(system.Code), shipped.Round, peers[system.Code], shipped.Scenario.PeerPairingAt);
            runs[system.Code] = VirtualRound.Run(id, system.Region, shipped.Round, shipped.Snapshot, script);
        });
        return (replay, runs.ToDictionary());
    });

    public static TheoryData<string> Systems => [.. ShippedRound.Instance.Directory.Systems.Select(s => s.Code.Value)];

    [Theory]
    [MemberData(nameof(Systems))]
    public void RunRound_ShippedScenario_SendsTheCommandsTheReplayPredictsAtTheSameInstants(string system)
    {
        var (replay, orchestrated) = Both.Value;
        var predicted = replay.Runs.Single(r => r.System.Code.Value == system).Commands;
        var sent = orchestrated[new SystemCode(system)].Commands;

        Assert.NotEmpty(predicted);
        Assert.Equal(predicted.Select(Line), sent.Select(Line));
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public void RunRound_ShippedScenario_EndsWhereTheReplayEnds(string system)
    {
        var (replay, orchestrated) = Both.Value;
        var predicted = replay.Runs.Single(r => r.System.Code.Value == system);
        var run = orchestrated[new SystemCode(system)];

        Assert.Equal((predicted.Final.Stage, predicted.Final.PlanVersion, predicted.Final.Version), (run.Final.Stage, run.Final.PlanVersion, run.Final.Version));
        Assert.Equal(predicted.Refusals.Length, run.Refused.Length);
    }

    [Fact]
    public void RunRound_ShippedScenario_SendsEveryCommandOnce()
    {
        var sent = Both.Value.Orchestrated.Values.SelectMany(r => r.Commands).ToList();

        Assert.Equal(sent.Count, sent.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void RunRound_ShippedScenario_PublishesEachPlanEventOnceWithItsSubmissionsAndEscalations()
    {
        var runs = Both.Value.Orchestrated.Values.ToList();
        var published = runs.SelectMany(r => r.Published).ToList();

        Assert.Equal(published.Count, published.Select(e => e.Id).Distinct().Count());
        Assert.All(runs, r => Assert.Equal(
            r.Final.PlanVersion + 1,
            r.Published.Count(e => e.Type == PlanEvent.TypePrefix + "plan.submitted")));
        Assert.Equal(
            runs.Sum(r => r.Commands.Count(c => c.Level >= LadderLevel.Region)),
            published.Count(e => e.Type == PlanEvent.TypePrefix + "plan.escalated"));
    }

    private static string Line(Command command) => $"{command.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} {command.Id} {command.Kind}";
}
