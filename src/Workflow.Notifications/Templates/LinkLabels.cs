using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.Templates;

public static class LinkLabels
{
    /// <summary>What a link for <paramref name="action"/> lets its holder do, as a link's label says it: in mail, and on the page that sends a new one.</summary>
    public static string For(LinkAction? action) => action switch
    {
        LinkAction.Decide => MilestoneWording.For(Milestone.Agreement).Action,
        LinkAction.Acknowledge => MilestoneWording.For(Milestone.FootprintAcknowledgement).Action,
        LinkAction.PeerFeedback => MilestoneWording.For(Milestone.PeerReview).Action,
        LinkAction.RegionalFeedback => "Give the region's feedback on the draft",
        _ => MilestoneWording.OpenPage,
    };
}
