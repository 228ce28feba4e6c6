using Microsoft.Extensions.Options;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Notifications.Links;
using Workflow.Notifications.Tests.Support;

namespace Workflow.Notifications.Tests.Links;

/// <summary>Who gets a link in which message, to do what: the person who must act; of those copied, only the director asked for feedback on a draft.</summary>
public sealed class MessageLinksTests
{
    private static readonly DateTimeOffset At = new(2019, 9, 26, 15, 0, 0, TimeSpan.FromHours(1));

    private static readonly SignedLinkOptions Options = new()
    {
        SigningKey = Convert.ToBase64String(Enumerable.Repeat((byte)3, 32).ToArray()),
        BaseUrl = "https://planning.example.org",
    };

    private static readonly LinkSigner Signer = new(Microsoft.Extensions.Options.Options.Create(Options));

    private static readonly MessageLinks Links = new(Signer, Microsoft.Extensions.Options.Options.Create(Options));

    public static TheoryData<MessageKind, Milestone?, Role[], Role[], Role, LinkAction?> Cases => new()
    {
        // The draft's receipt: the PMO may open the system page; the director, copied, is asked for the region's feedback.
        { MessageKind.SubmissionReceived, Milestone.Draft, [Role.Pmo], [Role.RegionalDirector], Role.Pmo, LinkAction.Submit },
        { MessageKind.SubmissionReceived, Milestone.Draft, [Role.Pmo], [Role.RegionalDirector], Role.RegionalDirector, LinkAction.RegionalFeedback },
        // The final plan's receipt: the director is copied for information only; the approval request is where they act.
        { MessageKind.SubmissionReceived, Milestone.Final, [Role.Pmo], [Role.RegionalDirector], Role.RegionalDirector, null },
        { MessageKind.ApprovalRequest, Milestone.Agreement, [Role.RegionalDirector], [], Role.RegionalDirector, LinkAction.Decide },
        { MessageKind.Overdue, Milestone.Draft, [Role.Pmo], [Role.RegionalDirector], Role.RegionalDirector, null },
        { MessageKind.FootprintNoticeReceived, Milestone.FootprintAcknowledgement, [Role.RegionalDirector], [Role.Pmo], Role.Pmo, null },
        { MessageKind.PeerReviewPairing, Milestone.PeerReview, [Role.Pmo, Role.PeerPmo], [], Role.PeerPmo, LinkAction.PeerFeedback },
        { MessageKind.EscalationToNational, Milestone.Draft, [Role.National], [Role.RegionalDirector, Role.Pmo], Role.National, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LinkFor_WhoMustActGetsALinkForThatAction(MessageKind kind, Milestone? milestone, Role[] to, Role[] copy, Role recipient, LinkAction? action)
    {
        var message = new MessageBuilder(kind, milestone, At, At.AddDays(10)) { To = [.. to], Copy = [.. copy], Cycle = 1, PlanVersion = 1 }.Build();

        var link = Links.LinkFor(message, People.For(recipient));

        if (action is null)
        {
            Assert.Null(link);
            return;
        }
        Assert.NotNull(link);
        Assert.StartsWith("https://planning.example.org/links/", link.ToString(), StringComparison.Ordinal);
        var check = Signer.Verify(link.AbsolutePath["/links/".Length..], At);
        Assert.Equal(LinkStatus.Valid, check.Status);
        Assert.Equal(action, check.Claims!.Action);
        Assert.Equal(People.For(recipient).Email, check.Claims.Person);
    }

    [Fact]
    public void LinkFor_NewLinkMessage_TheLinkItCarries_ExpiringWhenItSays()
    {
        var expires = At.AddDays(21);
        var message = new MessageBuilder(MessageKind.NewLink, null, At) { To = [Role.PeerPmo], Link = new(LinkAction.PeerFeedback, 0, expires), Id = "new-link/1" }.Build();

        var link = Links.LinkFor(message, People.For(Role.PeerPmo));

        var check = Signer.Verify(link!.AbsolutePath["/links/".Length..], At);
        Assert.Equal(LinkStatus.Valid, check.Status);
        Assert.Equal((LinkAction.PeerFeedback, 0, expires, People.For(Role.PeerPmo).Email), (check.Claims!.Action, check.Claims.Version, check.Claims.Expires, check.Claims.Person));
        Assert.Equal(LinkStatus.Expired, Signer.Verify(link.AbsolutePath["/links/".Length..], expires).Status);
        // Sent again under the same request, the very same link; under another, another.
        Assert.Equal(link, Links.LinkFor(message, People.For(Role.PeerPmo)));
        Assert.NotEqual(link, Links.LinkFor(new MessageBuilder(MessageKind.NewLink, null, At) { To = [Role.PeerPmo], Link = new(LinkAction.PeerFeedback, 0, expires), Id = "new-link/2" }.Build(), People.For(Role.PeerPmo)));
    }

    [Fact]
    public void LinkFor_SomeoneTheMessageIsNotFor_NoLink()
    {
        var message = new MessageBuilder(MessageKind.SubmissionReceived, Milestone.Draft, At) { To = [Role.Pmo], Copy = [] }.Build();

        Assert.Null(Links.LinkFor(message, People.Director));
    }
}
