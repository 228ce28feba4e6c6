using Workflow.Core;
using Workflow.Core.Rounds;

namespace Workflow.Cli.Reports;

/// <summary>A hold in words, the same in <c>validate</c> and in the replay's summary.</summary>
internal static class HoldText
{
    public static string Describe(Round round, Milestone milestone, SystemCode? system, MilestoneHold hold, string? systemName = null)
    {
        var whose = system is { } code ? $"{milestone.Name()} for {code}{(systemName is null ? "" : $" ({systemName})")}" : milestone.Name();
        var kind = hold.Kind == HoldKind.Fixed ? "fixed to" : "not before";
        var reason = hold.Reason is { } why ? $" ({why})" : "";
        return $"{whose} {kind} {TextSummary.Date(round, round.HeldDue(milestone, hold))}{reason}";
    }
}
