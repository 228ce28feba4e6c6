using Workflow.Core.Directory;

namespace Workflow.Core.Rounds;

/// <summary>Checks of a loaded round against what the round file alone cannot know.</summary>
public static class RoundChecks
{
    /// <summary>
    /// A hold for a system the directory does not list would never apply to anyone: most likely a mistyped code.
    /// Each such system is one problem, at its key under <c>$.systems</c>.
    /// </summary>
    public static IEnumerable<Problem> AgainstDirectory(Round round, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(directory);
        return round.Definition.SystemHolds.Keys
            .Where(code => !directory.TryGetSystem(code, out _))
            .OrderBy(code => code.Value, StringComparer.Ordinal)
            .Select(code => new Problem($"$.systems.{code}", $"no system {code} in the directory, so its holds would never apply"))
            .ToList();
    }
}
