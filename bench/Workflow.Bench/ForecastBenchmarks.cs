using BenchmarkDotNet.Attributes;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;

namespace Workflow.Bench;

/// <summary>
/// <see cref="Forecast.Of"/> for a whole round, six weeks from Friday 1 November 2019 with nobody acting, as the forecast
/// page and API work it out. The mid-round states are made in setup by a forecast of their own from the round's start,
/// with everyone acting on the due date, so every system stands where a punctual round would have it.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 5)]
public class ForecastBenchmarks
{
    private Round _round = null!;
    private DateTimeOffset _now;
    private (InstanceState, Round)[] _round2019 = null!;
    private (InstanceState, Round)[] _synthetic = null!;

    [GlobalSetup(Target = nameof(Round2019_42Systems))]
    public void LoadRound2019() => _round2019 = MidRound(Replay.Shipped().Directory);

    [GlobalSetup(Target = nameof(Synthetic_10000Systems))]
    public void BuildSynthetic() => _synthetic = MidRound(SyntheticRound.Build(Replay.Shipped(), ReplayBenchmarks.SyntheticSystems).Directory);

    [Benchmark]
    public RoundForecast Round2019_42Systems() => Forecast.Of(_round2019, _round, _now, Forecast.DefaultHorizon, Assumption.NobodyActs);

    [Benchmark]
    public RoundForecast Synthetic_10000Systems() => Forecast.Of(_synthetic, _round, _now, Forecast.DefaultHorizon, Assumption.NobodyActs);

    private (InstanceState, Round)[] MidRound(SystemDirectory directory)
    {
        _round = Replay.Shipped().Round;
        _now = _round.Calendar.ToInstant(new DateTime(2019, 11, 1, 10, 0, 0));
        var started = directory.Systems.Select(s => (StateMachine.Start(new InstanceId(_round.Id, s.Code), new InstanceStarted(_round.OpensAt, s.Region, _round.Version)), _round));
        var punctual = Forecast.Of(started, _round, _round.OpensAt, _now - _round.OpensAt, Assumption.EveryoneOnTheDueDate);
        return [.. punctual.Systems.Select(s => (s.End, _round))];
    }
}
