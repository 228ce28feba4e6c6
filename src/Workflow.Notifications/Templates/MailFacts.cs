using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Notifications.Templates;

/// <summary>What a template may say about one message for one recipient, as plain (not yet encoded) text.</summary>
internal sealed class MailFacts(OutboundMessage message, Recipient recipient)
{
    public OutboundMessage Message => message;

    public Recipient Recipient => recipient;

    public Command Command => message.Command;

    public string System => message.SystemName;

    public string Region => message.RegionName;

    public string Round => message.RoundTitle;

    public string Peer => message.PeerName ?? "your peer system";

    /// <summary>Whether people said something to quote: a comment of nothing but spaces or hidden characters says nothing.</summary>
    public bool HasDetail => PlainText.Block(Command.Detail).Length > 0;

    /// <summary>What the message is about, as a noun phrase for a sentence: "draft system plan".</summary>
    public string Thing => Command.Milestone is { } milestone ? MilestoneWording.For(milestone).Thing : "plan";

    /// <summary>What the owner of the milestone is asked to do.</summary>
    public string Ask => Command.Milestone is { } milestone ? MilestoneWording.For(milestone).Ask(this) : "";

    /// <summary>The label of the owner's link.</summary>
    public string Act => Command.Milestone is { } milestone ? MilestoneWording.For(milestone).Action : MilestoneWording.OpenPage;

    /// <summary>" (version 2)" once a final plan has been submitted.</summary>
    public string Version => Command.PlanVersion > 0 ? $" (version {Command.PlanVersion})" : "";

    /// <summary>" due Friday 27 September 2019", for a subject line.</summary>
    public string Due(string lead = "") => Command.Due is { } due ? $" {lead}{(lead.Length > 0 ? " " : "")}{UkTime.Date(due)}" : "";

    /// <summary>" by Friday 27 September 2019 at 5pm", for a sentence.</summary>
    public string By => Command.Due is { } due ? $" by {UkTime.DateAndTime(due)}" : "";

    /// <summary>" by 5pm", for a message sent on the due day.</summary>
    public string ByTime => Command.Due is { } due ? $" by {UkTime.Time(due)}" : "";

    /// <summary>Whoever must act on the milestone, as seen by those chasing it.</summary>
    public string Owner => Command.Milestone?.Owner() switch
    {
        Role.PeerPmo => $"the programme office of {Peer}, which is reviewing it",
        Role.RegionalDirector => $"the regional team for {Region}",
        Role.National => "the national team",
        _ => $"the programme office for {System}",
    };

    /// <summary>What a new link is for, as the end of "your new link for Humber's …": "plan agreement".</summary>
    public string LinkPurpose => message.Link?.Action switch
    {
        LinkAction.Decide => "plan agreement",
        LinkAction.Acknowledge => "footprint change notice",
        LinkAction.PeerFeedback => "peer review",
        LinkAction.RegionalFeedback => "draft plan feedback",
        _ => "planning round page",
    };

    /// <summary>The label of a new link.</summary>
    public string LinkLabel => LinkLabels.For(message.Link?.Action);

    /// <summary>" It works until Friday 13 December 2019 at 10:30am.", when the message carries a link with an expiry.</summary>
    public string LinkExpiry => message.Link is { } link ? $" It works until {UkTime.DateAndTime(link.Expires)}." : "";

    public string Describe(Role role) => role switch
    {
        Role.Pmo => $"in the programme office (PMO) for {System}",
        Role.PeerPmo => $"in the programme office (PMO) for {Peer}, the system paired with {System} for peer review",
        Role.RegionalDirector => $"the regional director (or a deputy) for {Region}",
        _ => "in the national planning team",
    };
}
