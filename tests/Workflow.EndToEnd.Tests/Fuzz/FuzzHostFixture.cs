using Workflow.EndToEnd.Tests.Support;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// The service with three systems, one in each of three regions: the first with plan version 1 awaiting its director
/// (so decision and delegation forms are there to attack), the second with its draft due (a PMO's submission form),
/// the third as it started.
/// </summary>
public sealed class FuzzHostFixture : LinkHostFixture
{
    /// <summary>Midlands: plan version 1 awaits the regional director.</summary>
    internal const string Awaiting = "E54000010";

    /// <summary>London: the draft plan is due from the PMO.</summary>
    internal const string Drafting = "E54000027";

    /// <summary>South West: left as it started.</summary>
    internal const string Untouched = "E54000036";

    private readonly Lazy<Task<FuzzTargets>> _targets;

    public FuzzHostFixture(AzuriteFixture azurite)
        : base(azurite)
    {
        _targets = new(() => FuzzTargets.PrepareAsync(this, FuzzSettings.FromEnvironment().Seed));
    }

    protected override IReadOnlyCollection<string> Systems => [Awaiting, Drafting, Untouched];

    /// <summary>Brings the systems where they are attacked from, once, and what the attacks need: links, a form token, a mail file.</summary>
    internal Task<FuzzTargets> TargetsAsync() => _targets.Value;
}
