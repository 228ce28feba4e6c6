using System.Globalization;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// How many hostile requests to send and from which seed: the CI run's by default, a longer run through
/// <c>FUZZ_REQUESTS</c> and <c>FUZZ_SEED</c> (what <c>scripts/fuzz.sh</c> sets). <c>FUZZ_SUMMARY</c>, when set, is a file
/// the run's summary is written to as well as to the test's output.
/// </summary>
internal sealed record FuzzSettings(int Requests, int Seed, string? SummaryFile)
{
    /// <summary>A few thousand: every fixed case, a burst on every route and some random variants, well under two minutes on two cores.</summary>
    public const int CiRequests = 4000;

    /// <summary>The day the 2019/20 round's final plans were due: the same cases every run, so a failure can be run again as it was.</summary>
    public const int CiSeed = 20191114;

    public static FuzzSettings FromEnvironment() => new(
        Number("FUZZ_REQUESTS") ?? CiRequests,
        Number("FUZZ_SEED") ?? CiSeed,
        Environment.GetEnvironmentVariable("FUZZ_SUMMARY") is { Length: > 0 } file ? file : null);

    private static int? Number(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InvalidOperationException($"{name} must be a whole number above zero, not '{text}'.")
            : null;
}
