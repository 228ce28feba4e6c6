using System.Globalization;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Functions.Durable;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Rounds;

/// <summary>
/// The shipped 2019/20 round and scenario for all 42 systems, replayed by <see cref="Simulator.Run"/> and driven end to
/// end through a host on storage, each once, from the same round, directory and scenario.
/// </summary>
public sealed class ShippedRoundBothWays(AzuriteFixture azurite) : IAsyncLifetime
{
    public SimulationResult Replay { get; private set; } = null!;

    public HostRun Host { get; private set; } = null!;

    internal SendLog Sent { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using var host = TestHost.Start(new HostState(azurite) { DataFolder = "data" });
        // The host's own calendar and directory, so the replay is given exactly what the host reads.
        var reference = host.Get<ReferenceData>();
        var round = RoundParser.Parse(TestData.RoundFile, reference.Calendar).GetValueOrThrow("the shipped round");
        var scenario = ScenarioParser.Parse(RepositoryFiles.Read("scenarios", "2019-20.json"), round, reference.Directory).GetValueOrThrow("the shipped scenario");
        var timetables = Simulator.Timetables(TestData.RoundFile, round, scenario).GetValueOrThrow("the scenario's timetable changes");
        Replay = Simulator.Run(timetables, scenario, reference.Directory);
        Host = await HostDriver.RunAsync(host.Services, host.Clock, round, reference.Directory, scenario);
        Sent = host.State.Sent;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>What <c>workflow simulate</c> predicts for a round is what the host issues and sends when people act as the scenario says.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReplayPredictsHostTests(ShippedRoundBothWays fixture) : IClassFixture<ShippedRoundBothWays>
{
    private const int Shown = 10;

    [Fact]
    public void DriveRound_ShippedScenario_IssuesTheCommandsTheReplayPredicts()
    {
        var predicted = fixture.Replay.Runs.SelectMany(r => r.Commands).ToList();

        Assert.NotEmpty(predicted);
        AssertSame("Commands (id: UTC times issued)", predicted.ToLookup(c => c.Id, Time), fixture.Host.Commands.ToLookup(c => c.Id, Time));
    }

    [Fact]
    public void DriveRound_ShippedScenario_EverySystemEndsInTheReplaysStageAndPlanVersion()
    {
        Assert.Equal(42, fixture.Replay.Runs.Length);
        AssertSame(
            "Where systems ended",
            fixture.Replay.Runs.ToLookup(r => r.System.Code.Value, r => Where(r.Final)),
            fixture.Host.Finals.ToLookup(s => s.Id.System.Value, Where));
    }

    [Fact]
    public void DriveRound_ShippedScenario_SendsEachPredictedMessageOnce()
    {
        AssertSame(
            "Messages sent (id: sends)",
            fixture.Replay.Runs.SelectMany(r => r.Commands).ToLookup(c => c.Id, _ => "sent"),
            fixture.Sent.Sends.Where(s => s.Outcome == SendOutcome.Sent).ToLookup(s => s.Id, _ => "sent"));
    }

    private static string Time(Command command) =>
        string.Create(CultureInfo.InvariantCulture, $"{command.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");

    private static string Where(InstanceState state) => $"{state.Stage} plan v{state.PlanVersion}";

    /// <summary>
    /// Fails naming the first keys whose values differ between the two sides, a value one side has twice and the other
    /// once included, earliest value first (by time, for commands), each with what each side has.
    /// </summary>
    private static void AssertSame(string what, ILookup<string, string> replay, ILookup<string, string> host)
    {
        var differing = replay.Select(g => g.Key).Union(host.Select(g => g.Key), StringComparer.Ordinal)
            .Select(key => (Key: key, Replay: replay[key].Order(StringComparer.Ordinal).ToList(), Host: host[key].Order(StringComparer.Ordinal).ToList()))
            .Where(d => !d.Replay.SequenceEqual(d.Host, StringComparer.Ordinal))
            .OrderBy(d => d.Replay.Concat(d.Host).Min(StringComparer.Ordinal), StringComparer.Ordinal)
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => $"{d.Key}: replay {Values(d.Replay)}; host {Values(d.Host)}")
            .ToList();
        if (differing.Count > 0)
        {
            Assert.Fail(
                $"{what}: the replay has {replay.Sum(g => g.Count())}, the host {host.Sum(g => g.Count())}; {differing.Count} differ, " +
                $"the first {Math.Min(differing.Count, Shown)}:\n  {string.Join("\n  ", differing.Take(Shown))}");
        }

        static string Values(List<string> values) => values.Count == 0 ? "none" : string.Join(", ", values);
    }
}
