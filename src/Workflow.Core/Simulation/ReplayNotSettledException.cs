using Workflow.Core.Directory;

namespace Workflow.Core.Simulation;

/// <summary>Some systems' replays went on past the step limit: what the scenario scripts for them never lets them finish.</summary>
public sealed class ReplayNotSettledException(IEnumerable<SystemEntry> systems, int steps)
    : Exception($"the replay did not settle within {steps:N0} steps for {string.Join(", ", systems.Select(s => $"{s.Code} ({s.Name})"))}");
