using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class LinkRulesTests
{
    /// <summary>Plan version 2 and cycle 3, so a link that names the wrong one of them shows.</summary>
    private static Command Message(MessageKind kind, Milestone? milestone) =>
        new("2019-20|E54000006/test", London.At(2019, 11, 20, 9), kind, milestone, 3, null, [], [], 2);

    [Theory]
    // The director copied on a draft's receipt is asked for the region's feedback on it; on any other, only told.
    [InlineData(MessageKind.SubmissionReceived, Milestone.Draft, Role.RegionalDirector, true, "RegionalFeedback 0")]
    [InlineData(MessageKind.SubmissionReceived, Milestone.Final, Role.RegionalDirector, true, null)]
    [InlineData(MessageKind.SubmissionReceived, Milestone.Draft, Role.Pmo, false, "Submit 2")]
    [InlineData(MessageKind.ApprovalRequest, Milestone.Agreement, Role.RegionalDirector, false, "Decide 2")]
    [InlineData(MessageKind.ApprovalRequest, Milestone.Agreement, Role.RegionalDirector, true, null)]
    [InlineData(MessageKind.Reminder, Milestone.Agreement, Role.RegionalDirector, false, "Decide 2")]
    [InlineData(MessageKind.DueToday, Milestone.Agreement, Role.RegionalDirector, false, "Decide 2")]
    [InlineData(MessageKind.Overdue, Milestone.Agreement, Role.RegionalDirector, false, "Decide 2")]
    [InlineData(MessageKind.FootprintNoticeReceived, Milestone.FootprintAcknowledgement, Role.RegionalDirector, false, "Acknowledge 3")]
    [InlineData(MessageKind.FootprintNoticeReceived, Milestone.FootprintAcknowledgement, Role.Pmo, true, null)]
    [InlineData(MessageKind.Reminder, Milestone.FootprintAcknowledgement, Role.RegionalDirector, false, "Acknowledge 3")]
    [InlineData(MessageKind.Overdue, Milestone.FootprintAcknowledgement, Role.RegionalDirector, false, "Acknowledge 3")]
    // Escalated to the director, a late draft is still the system's to send: the director is told, not asked.
    [InlineData(MessageKind.EscalationToRegion, Milestone.Draft, Role.RegionalDirector, false, null)]
    [InlineData(MessageKind.EscalationToRegion, Milestone.Draft, Role.Pmo, true, null)]
    [InlineData(MessageKind.Overdue, Milestone.Draft, Role.Pmo, false, "Submit 2")]
    [InlineData(MessageKind.Overdue, Milestone.Draft, Role.RegionalDirector, true, null)]
    [InlineData(MessageKind.PeerReviewPairing, Milestone.PeerReview, Role.PeerPmo, false, "PeerFeedback 0")]
    [InlineData(MessageKind.PeerReviewPairing, Milestone.PeerReview, Role.Pmo, false, "Submit 2")]
    [InlineData(MessageKind.EscalationToNational, Milestone.Draft, Role.National, false, null)]
    [InlineData(MessageKind.Published, null, Role.National, false, null)]
    [InlineData(MessageKind.Agreed, Milestone.Agreement, Role.National, true, null)]
    // A new link names its own; no command rule gives it one, to whoever it goes.
    [InlineData(MessageKind.NewLink, null, Role.Pmo, false, null)]
    [InlineData(MessageKind.NewLink, null, Role.RegionalDirector, false, null)]
    public void For_KindRoleAndWhetherCopied_LinksOnlyWhoeverIsAskedToAct(MessageKind kind, Milestone? milestone, Role role, bool copied, string? expected)
    {
        var link = LinkRules.For(Message(kind, milestone), role, copied);

        Assert.Equal(expected, link is { } l ? $"{l.Action} {l.Version}" : null);
    }

    /// <summary>The system E54000006 in region E40000009, its draft in and paired with E54000005 for peer review.</summary>
    private static readonly InstanceState Paired = Stories.Told("draft in, paired").State;

    [Theory]
    [InlineData(LinkAction.Submit, ContactRole.Pmo, "E54000006", LinkUse.Allowed)]
    [InlineData(LinkAction.Submit, ContactRole.Pmo, "E54000005", LinkUse.Refused)]
    [InlineData(LinkAction.Submit, ContactRole.RegionalDirector, "E40000009", LinkUse.Refused)]
    [InlineData(LinkAction.PeerFeedback, ContactRole.Pmo, "E54000005", LinkUse.Allowed)]
    [InlineData(LinkAction.PeerFeedback, ContactRole.Pmo, "E54000006", LinkUse.Refused)]
    [InlineData(LinkAction.PeerFeedback, ContactRole.RegionalDirector, "E40000009", LinkUse.Refused)]
    [InlineData(LinkAction.Decide, ContactRole.RegionalDirector, "E40000009", LinkUse.Allowed)]
    [InlineData(LinkAction.Decide, ContactRole.RegionalDirector, "E40000003", LinkUse.Refused)]
    [InlineData(LinkAction.Decide, ContactRole.DeputyDirector, "E40000009", LinkUse.WhileDelegated)]
    [InlineData(LinkAction.Decide, ContactRole.DeputyDirector, "E40000003", LinkUse.Refused)]
    [InlineData(LinkAction.Decide, ContactRole.Pmo, "E54000006", LinkUse.Refused)]
    [InlineData(LinkAction.Decide, ContactRole.National, "national", LinkUse.Refused)]
    [InlineData(LinkAction.Acknowledge, ContactRole.RegionalDirector, "E40000009", LinkUse.Allowed)]
    [InlineData(LinkAction.Acknowledge, ContactRole.DeputyDirector, "E40000009", LinkUse.WhileDelegated)]
    [InlineData(LinkAction.RegionalFeedback, ContactRole.RegionalDirector, "E40000009", LinkUse.Allowed)]
    [InlineData(LinkAction.RegionalFeedback, ContactRole.DeputyDirector, "E40000009", LinkUse.WhileDelegated)]
    public void MayUse_ActionRoleAndScope_OnlyWhoeverTheActionIsFor(LinkAction action, ContactRole role, string scope, LinkUse expected)
    {
        Assert.Equal(expected, LinkRules.MayUse(action, Paired, new Contact(role, scope, "Someone", "someone@example.org")));
    }

    [Fact]
    public void MayUse_PeerFeedbackBeforeAnyPairing_NobodyMay()
    {
        var unpaired = Stories.Told("draft in").State;

        Assert.Equal(LinkUse.Refused, LinkRules.MayUse(LinkAction.PeerFeedback, unpaired, new Contact(ContactRole.Pmo, "E54000005", "Someone", "someone@example.org")));
    }

    [Theory]
    // The system's PMO, while something is due from the system.
    [InlineData("started", ContactRole.Pmo, "E54000006", "Submit 0")]
    [InlineData("changes requested", ContactRole.Pmo, "E54000006", "Submit 1")]
    [InlineData("agreed", ContactRole.Pmo, "E54000006", "Submit 1")]
    [InlineData("final in", ContactRole.Pmo, "E54000006", null)]
    [InlineData("published", ContactRole.Pmo, "E54000006", null)]
    // The peer's PMO, once the draft is in and until feedback is recorded.
    [InlineData("draft in, paired", ContactRole.Pmo, "E54000005", "PeerFeedback 0")]
    [InlineData("draft in", ContactRole.Pmo, "E54000005", null)]
    [InlineData("draft in, paired", ContactRole.Pmo, "E54000004", null)]
    // The director: a decision first, then a notice, then the draft's feedback until the final plan is in.
    [InlineData("final in", ContactRole.RegionalDirector, "E40000009", "Decide 1")]
    [InlineData("final in", ContactRole.DeputyDirector, "E40000009", "Decide 1")]
    [InlineData("final in", ContactRole.RegionalDirector, "E40000003", null)]
    [InlineData("footprint notice given", ContactRole.RegionalDirector, "E40000009", "Acknowledge 1")]
    [InlineData("draft in", ContactRole.RegionalDirector, "E40000009", "RegionalFeedback 0")]
    [InlineData("started", ContactRole.RegionalDirector, "E40000009", null)]
    [InlineData("agreed", ContactRole.RegionalDirector, "E40000009", null)]
    [InlineData("final in", ContactRole.National, "national", null)]
    [InlineData("withdrawn", ContactRole.Pmo, "E54000006", null)]
    public void Now_StoryRoleAndScope_TheLinkThePersonNeedsNow(string story, ContactRole role, string scope, string? expected)
    {
        var link = LinkRules.Now(Stories.Told(story).State, new Contact(role, scope, "Someone", "someone@example.org"));

        Assert.Equal(expected, link is { } l ? $"{l.Action} {l.Version}" : null);
    }

    [Fact]
    public void Now_DecisionAwaitedAndANoticeUnacknowledged_TheDecisionComesFirst_ThenTheNotice()
    {
        var noticed = Stories.Told("draft in").Then(Instance.FootprintNotice(London.At(2019, 10, 1, 10))).Then(Instance.Final(London.At(2019, 11, 14, 11)));
        var director = new Contact(ContactRole.RegionalDirector, "E40000009", "Someone", "someone@example.org");

        Assert.Equal(new ActionLink(LinkAction.Decide, 1), LinkRules.Now(noticed.State, director));
        Assert.Equal(new ActionLink(LinkAction.Acknowledge, 1), LinkRules.Now(noticed.Then(Instance.Agreed(London.At(2019, 11, 20, 10), version: 1)).State, director));
    }

    [Fact]
    public void Now_PeerFeedbackGiven_NothingForThePeer()
    {
        var reviewed = Stories.Told("draft in, paired").Then(Instance.PeerFeedback(London.At(2019, 10, 10, 10)));

        Assert.Null(LinkRules.Now(reviewed.State, new Contact(ContactRole.Pmo, "E54000005", "Someone", "someone@example.org")));
    }

    [Fact]
    public void Holders_DraftInAndPaired_EachOfTheSystemsPeersAndRegionsPeopleOnceWithTheLinkTheyNeedNow()
    {
        var state = Stories.Told("draft in, paired").State;
        var directory = TestDirectory.Parse().Value!;

        var holders = LinkRules.Holders(state, directory).ToList();

        Assert.Equal(holders.Count, holders.DistinctBy(h => h.Person.Email, StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(holders, h => Assert.Equal(LinkRules.Now(state, h.Person), h.Link));
        Assert.Equal(
            ["DeputyDirector E40000009 RegionalFeedback", "Pmo E54000005 PeerFeedback", "Pmo E54000006 Submit", "RegionalDirector E40000009 RegionalFeedback"],
            holders.Select(h => $"{h.Person.Role} {h.Person.Scope} {h.Link.Action}").Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Holders_Withdrawn_Nobody()
    {
        Assert.Empty(LinkRules.Holders(Stories.Told("withdrawn").State, TestDirectory.Parse().Value!));
    }
}
