using System.Collections.Frozen;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.Templates;

/// <summary>How messages speak of each milestone: what it is, what its owner must do, and the label of their link.</summary>
internal sealed record MilestoneWording(string Thing, Func<MailFacts, string> Ask, string Action)
{
    public const string OpenPage = "Open your system's page";

    private static readonly FrozenDictionary<Milestone, MilestoneWording> All = new Dictionary<Milestone, MilestoneWording>
    {
        [Milestone.Footprint] = new("footprint change notice",
            m => $"If {m.System} or a local authority in it plans to change the system's footprint, tell the regional director for {m.Region} by giving a footprint change notice. The notice is optional: if nothing is changing, there is nothing to do.",
            "Give a footprint change notice"),
        [Milestone.FootprintAcknowledgement] = new("acknowledgement of the footprint change notice",
            m => $"Please read the footprint change notice for {m.System} and acknowledge it.",
            "Acknowledge the notice"),
        [Milestone.Draft] = new("draft system plan",
            m => $"Please submit the draft plan for {m.System}: the strategy delivery plan with its supporting technical material (workforce, activity and finance).",
            "Submit the draft plan"),
        [Milestone.PeerReview] = new("peer review feedback",
            m => $"Please review the draft plan for {m.System} and return your peer review feedback.",
            "Return peer review feedback"),
        [Milestone.Final] = new("final system plan",
            m => $"Please submit the final plan for {m.System}. The regional director for {m.Region} will then be asked to agree it.",
            "Submit the final plan"),
        [Milestone.Agreement] = new("agreement of the final plan",
            m => $"Please review the final plan{m.Version} for {m.System} and either agree it or ask for changes, with your comments.",
            "Review the plan and decide"),
        [Milestone.Resubmission] = new("resubmitted final plan",
            m => $"Please make the changes the regional director asked for and resubmit the final plan for {m.System}.",
            "Resubmit the plan"),
        [Milestone.Publication] = new("publication of the agreed plan",
            m => $"Please publish the agreed plan for {m.System} and record where it is published (its web address).",
            "Record where the plan is published"),
        [Milestone.NationalPlan] = new("national implementation plan",
            _ => "Please complete the national implementation plan.",
            "Open the dashboard"),
    }.ToFrozenDictionary();

    public static MilestoneWording For(Milestone milestone) => All[milestone];
}
