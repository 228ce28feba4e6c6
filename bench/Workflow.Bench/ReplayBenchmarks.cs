using BenchmarkDotNet.Attributes;
using Workflow.Core.Simulation;

namespace Workflow.Bench;

/// <summary>A whole replay, <see cref="Simulator.Run"/> plus <see cref="Summary.Of"/>, with every input loaded in setup.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class ReplayBenchmarks
{
    public const int SyntheticSystems = 10_000;

    private Replay _round2019 = null!;
    private Replay _synthetic = null!;

    [GlobalSetup(Target = nameof(Round2019_42Systems))]
    public void LoadRound2019() => _round2019 = Replay.Shipped();

    [GlobalSetup(Target = nameof(Synthetic_10000Systems))]
    public void BuildSynthetic() => _synthetic = SyntheticRound.Build(Replay.Shipped(), SyntheticSystems);

    [Benchmark]
    public Summary Round2019_42Systems() => _round2019.Run();

    [Benchmark]
    public Summary Synthetic_10000Systems() => _synthetic.Run();
}
