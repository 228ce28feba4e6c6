using System.Text.RegularExpressions;
using Moq;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Notifications.Templates;
using Workflow.Notifications.Tests.Support;

namespace Workflow.Notifications.Tests.Templates;

public sealed partial class MessageRendererTests
{
    private static readonly Uri Link = new("https://planning.example.org/links/abc.def?x=1&y=2");
    private static readonly MessageRenderer NoLinks = new(NoMessageLinks.Instance);

    public static TheoryData<MessageKind> AllKinds => Cases.AllKinds;

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Render_EachKind_SubjectSaysWhatForWhichSystemAndRound(MessageKind kind)
    {
        var (message, subject, _) = Cases.For(kind);

        var rendered = NoLinks.Render(message.Build(), People.Pmo, copied: false);

        Assert.Equal(subject, rendered.Subject);
    }

    [Fact]
    public void Render_NewLink_SaysWhatTheLinkIsForAndUntilWhen_QuotesWhyItWasSent()
    {
        var message = (Cases.For(MessageKind.NewLink).Message with { Detail = "Lost in a mailbox move" }).Build();

        var rendered = new MessageRenderer(LinksTo(message.To[0])).Render(message, message.To[0], copied: false);

        foreach (var body in new[] { rendered.Text, System.Net.WebUtility.HtmlDecode(rendered.Html) })
        {
            Assert.Contains("new personal link for Humber, Coast and Vale's plan agreement", body, StringComparison.Ordinal);
            Assert.Contains("It works until Friday 13 December 2019 at 10am.", body, StringComparison.Ordinal);
            Assert.Contains("Why it was sent", body, StringComparison.Ordinal);
            Assert.Contains("Lost in a mailbox move", body, StringComparison.Ordinal);
            Assert.Contains("Review the plan and decide", body, StringComparison.Ordinal);
        }
        Assert.Equal(Link, rendered.Link);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Render_EachKindWithADeadline_GivesWeekdayDateAndUkTime(MessageKind kind)
    {
        var (builder, _, dueText) = Cases.For(kind);
        var message = builder.Build();

        var rendered = NoLinks.Render(message, message.To[0], copied: false);

        if (dueText is null)
        {
            return;
        }
        Assert.Contains(dueText, rendered.Text, StringComparison.Ordinal);
        Assert.Contains(dueText, rendered.Html, StringComparison.Ordinal);
        Assert.Contains($"- Milestone: {message.MilestoneTitle}", rendered.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Render_EachKind_GreetsByNameAndNamesContacts(MessageKind kind)
    {
        var message = Cases.For(kind).Message.Build();
        var recipient = message.To[0];

        var rendered = NoLinks.Render(message, recipient, copied: false);

        Assert.StartsWith($"Dear {recipient.Name},", rendered.Text.Split('\n')[3], StringComparison.Ordinal);
        Assert.Contains($"Dear {recipient.Name},", rendered.Html, StringComparison.Ordinal);
        var contact = Assert.Single(message.Contacts);
        Assert.Contains($"- {contact.Name}, {contact.Email}", rendered.Text, StringComparison.Ordinal);
        Assert.Contains($"href=\"mailto:{contact.Email}\"", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("You are copied", rendered.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Render_EachKind_TextBodyHasNoMarkup(MessageKind kind)
    {
        var message = Cases.For(kind).Message.Build();

        var rendered = new MessageRenderer(LinksTo(message.To[0])).Render(message, message.To[0], copied: false);

        Assert.DoesNotMatch(Markup(), rendered.Text);
        Assert.DoesNotContain("&amp;", rendered.Text, StringComparison.Ordinal);
        Assert.Matches(Markup(), rendered.Html);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Render_EachKind_HasALinkExactlyWhenTheLinksGiveOne(MessageKind kind)
    {
        var message = Cases.For(kind).Message.Build();
        var recipient = message.To[0];

        var withLink = new MessageRenderer(LinksTo(recipient)).Render(message, recipient, copied: false);
        var withoutLink = NoLinks.Render(message, recipient, copied: false);

        Assert.Equal(Link, withLink.Link);
        Assert.Contains("href=\"https://planning.example.org/links/abc.def?x=1&amp;y=2\"", withLink.Html, StringComparison.Ordinal);
        Assert.Contains(":\n" + Link.AbsoluteUri + "\n", withLink.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("personal to you", withLink.Text, StringComparison.Ordinal);
        Assert.Null(withoutLink.Link);
        Assert.DoesNotContain("planning.example.org", withoutLink.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("personal to you", withoutLink.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", withoutLink.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DraftReminder_SubjectGivesDueDateSystemAndRound()
    {
        var due = Round2019.Due(Milestone.Draft);
        var message = new MessageBuilder(MessageKind.Reminder, Milestone.Draft, Round2019.ReminderBefore(due, 5), due)
        {
            Id = "2019-20|E54000006/draft/remind-5@20190927T1600",
        }.Build();

        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.Equal("Reminder: draft system plan due Friday 27 September 2019 — Humber, Coast and Vale (2019/20 planning round)", rendered.Subject);
        Assert.Contains("the draft system plan for Humber, Coast and Vale is due by Friday 27 September 2019 at 5pm.", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("- Milestone: Draft (initial) system plan", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Sent on Friday 20 September 2019 at 9am", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FinalReminderTheCoreDecides_IsSentFriday8NovemberForFriday15November()
    {
        var round = Round2019.Round;
        var state = Started();
        state = StateMachine.Apply(state, new PlanSubmitted(Round2019.London(2019, 9, 26, 15), Milestone.Draft, "alex.morgan@nhs.net", null));
        var now = Round2019.London(2019, 11, 8, 9);

        var command = Assert.Single(StateMachine.Decide(state, round, now).Commands, c => c.Kind == MessageKind.Reminder && c.Milestone == Milestone.Final);
        var message = ForHumber(command, People.Pmo) with
        {
            MilestoneTitle = round.Definition[Milestone.Final].Title,
            Contacts = [People.Director],
        };
        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.Equal("2019-20|E54000006/final/remind-5@20191115T1700", command.Id);
        Assert.Equal("Reminder: final system plan due Friday 15 November 2019 — Humber, Coast and Vale (2019/20 planning round)", rendered.Subject);
        Assert.Contains("is due by Friday 15 November 2019 at 5pm", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Sent on Friday 8 November 2019 at 9am", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TimetableTheCoreDecides_ListsEveryFixedDateWithItsWeekday()
    {
        var round = Round2019.Round;
        var state = Started();

        var command = Assert.Single(StateMachine.Decide(state, round, round.OpensAt).Commands, c => c.Kind == MessageKind.Timetable);
        var message = ForHumber(command, People.Pmo);
        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.Contains("Footprint change notice to the regional director: Wednesday 31 July 2019, 17:00 (optional)", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Draft (initial) system plan: Friday 27 September 2019, 17:00", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Final system plan: Friday 15 November 2019, 17:00", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Draft (initial) system plan: Friday 27 September 2019, 17:00", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TimetableChangeTheCoreDecides_ListsEachMovedDateOldAndNewWithWeekdays()
    {
        var round = Round2019.Round;
        var later = RoundParser.ParseChange(
            Round2019.Json.Replace("\"version\": 1,", "\"version\": 2,", StringComparison.Ordinal).Replace("2019-11-15T17:00", "2019-11-22T17:00", StringComparison.Ordinal),
            round).GetValueOrThrow("the changed round");
        var state = Started();
        var at = Round2019.London(2019, 10, 1, 12);
        state = StateMachine.Apply(state, StateMachine.Prepare(state, round, new TimetableChanged(at, 2)));

        var command = Assert.Single(StateMachine.Decide(state, later, at).Commands, c => c.Kind == MessageKind.TimetableChanged);
        var message = ForHumber(command, People.Pmo);
        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.Contains("Dates that moved:", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("- Final system plan: was due Friday 15 November 2019 at 5pm, now due Friday 22 November 2019 at 5pm", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Draft (initial) system plan: was due", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("<caption style=\"text-align:left;font-weight:bold;padding-bottom:4px;\">Dates that moved</caption>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains(">Final system plan</th><td style=", rendered.Html, StringComparison.Ordinal);
        Assert.Contains(">Friday 22 November 2019 at 5pm</td>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MessageWithoutMoves_HasNoDatesThatMoved()
    {
        var round = Round2019.Round;
        var state = Started();
        var command = Assert.Single(StateMachine.Decide(state, round, round.OpensAt).Commands, c => c.Kind == MessageKind.Timetable);
        var message = ForHumber(command, People.Pmo);

        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.DoesNotContain("Dates that moved", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Dates that moved", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PublishedTheCoreDecides_SaysWhereThePlanIs()
    {
        var round = Round2019.Round;
        var state = Started();
        state = StateMachine.Apply(state, new PlanSubmitted(Round2019.London(2019, 9, 26, 15), Milestone.Draft, "pmo", null));
        state = StateMachine.Apply(state, new PlanSubmitted(Round2019.London(2019, 11, 13, 15), Milestone.Final, "pmo", null));
        state = StateMachine.Apply(state, new DecisionRecorded(Round2019.London(2019, 11, 20, 11), Outcome.Agreed, 1, "director", null));
        var at = Round2019.London(2019, 12, 2, 10);
        state = StateMachine.Apply(state, new PlanPublished(at, new Uri("https://www.example.org/humber/plan"), "pmo"));

        var command = Assert.Single(StateMachine.Decide(state, round, at).Commands, c => c.Kind == MessageKind.Published);
        var message = ForHumber(command, People.Director);
        var rendered = NoLinks.Render(message, People.Director, copied: false);

        Assert.Contains("https://www.example.org/humber/plan", rendered.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MessageKind.Overdue, Role.RegionalDirector, "You are copied for information because you are the regional director (or a deputy) for North East and Yorkshire.")]
    [InlineData(MessageKind.EscalationToRegion, Role.Pmo, "You are copied for information because you are in the programme office (PMO) for Humber, Coast and Vale.")]
    [InlineData(MessageKind.Agreed, Role.National, "You are copied for information because you are in the national planning team.")]
    public void Render_Copied_SaysWhy(MessageKind kind, Role copiedRole, string note)
    {
        var message = Cases.For(kind).Message.Build();

        var rendered = NoLinks.Render(message, People.For(copiedRole), copied: true);

        Assert.Contains(note, rendered.Text, StringComparison.Ordinal);
        Assert.Contains(note, rendered.Html, StringComparison.Ordinal);
        Assert.Contains($"Dear {People.For(copiedRole).Name},", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CopiedPersonWhoIsAlsoTheContact_IsNotListedAsTheirOwnContact()
    {
        var message = Cases.For(MessageKind.Overdue).Message.Build();

        var rendered = NoLinks.Render(message, People.Director, copied: true);

        Assert.DoesNotContain("If you have questions", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("mailto:", rendered.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MessageKind.ChangesRequested, "The regional director's comments")]
    [InlineData(MessageKind.FootprintNoticeReceived, "The notice")]
    [InlineData(MessageKind.ExtensionGranted, "Reason for the extension")]
    [InlineData(MessageKind.RegionalFeedback, "The feedback")]
    [InlineData(MessageKind.PeerFeedbackReceived, "The feedback")]
    public void Render_MessageAnsweringSomeone_QuotesWhatTheySaid(MessageKind kind, string label)
    {
        var message = Cases.For(kind).Message.Build();
        var firstLine = message.Command.Detail!.Split('\n')[0];

        var rendered = NoLinks.Render(message, message.To[0], copied: false);

        Assert.Contains($"{label}:\n    {firstLine}", rendered.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($">{System.Net.WebUtility.HtmlEncode(label)}</h2>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(firstLine), rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PeerFeedbackGivenOutsideTheService_SaysItComesFromTheReviewer()
    {
        var message = (Cases.For(MessageKind.PeerFeedbackReceived).Message with { Detail = null }).Build();

        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.Contains("The feedback itself comes to you and the regional team from them directly.", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Their feedback is below.", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MultiLineFeedback_KeepsItsLines()
    {
        var message = Cases.For(MessageKind.RegionalFeedback).Message.Build();

        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.Contains("primary care networks.<br>\nThe finance bridge needs work.", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("    The finance bridge needs work.", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PeerReviewPairing_SpeaksToEachSideOfThePair()
    {
        var message = Cases.For(MessageKind.PeerReviewPairing).Message.Build();

        var own = NoLinks.Render(message, People.Pmo, copied: false);
        var peer = NoLinks.Render(message, People.PeerPmo, copied: false);

        Assert.Contains("The programme office for West Yorkshire and Harrogate will review your draft plan and return feedback by Friday 25 October 2019 at 5pm.", own.Text, StringComparison.Ordinal);
        Assert.Contains("Please review the draft plan for Humber, Coast and Vale and return your feedback by Friday 25 October 2019 at 5pm.", peer.Text, StringComparison.Ordinal);
        Assert.Contains("- Peer system: West Yorkshire and Harrogate", own.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ApprovalRequest_AsksTheDirectorToDecideOnTheVersion()
    {
        var message = (Cases.For(MessageKind.ApprovalRequest).Message with { PlanVersion = 2, Cycle = 2 }).Build();

        var rendered = new MessageRenderer(LinksTo(People.Director)).Render(message, People.Director, copied: false);

        Assert.StartsWith("Please agree: final plan (version 2) by Wednesday 27 November 2019", rendered.Subject, StringComparison.Ordinal);
        Assert.Contains("Humber, Coast and Vale has submitted its final plan (version 2) for agreement.", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("- Plan version: 2", rendered.Text, StringComparison.Ordinal);
        Assert.Contains(">Review the plan and decide</a>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("- National planning team, planning.round@england.nhs.uk", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileValues_AreEncodedInHtml()
    {
        const string Script = "<script>alert('x')</script>";
        var message = (Cases.For(MessageKind.ChangesRequested).Message with
        {
            SystemName = $"{Script} & Co",
            RegionName = "\"><img src=x onerror=alert(1)>",
            Detail = "<b>bold</b> <a href=\"javascript:alert(1)\">click</a>",
            Person = role => new Recipient(role, "<i>Eve</i>", "eve\"@example.org"),
        }).Build();

        var rendered = new MessageRenderer(LinksTo(message.To[0])).Render(message, message.To[0], copied: false);

        Assert.DoesNotContain("<script", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("eve\"@", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", rendered.Html, StringComparison.Ordinal);
        Assert.Contains($"Changes requested: final plan (version 1) — {Script} & Co (2019/20 planning round)", rendered.Subject, StringComparison.Ordinal);
        Assert.Contains(Script, rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SystemNameWithALineBreak_KeepsTheSubjectOnOneLine()
    {
        var message = (Cases.For(MessageKind.Timetable).Message with { SystemName = "Humber\r\nBcc: someone@example.org" }).Build();

        var rendered = NoLinks.Render(message, People.Pmo, copied: false);

        Assert.DoesNotContain('\n', rendered.Subject);
        Assert.DoesNotContain('\r', rendered.Subject);
    }

    [Fact]
    public void Render_LinkThatIsNotAWebAddress_IsLeftOut()
    {
        var links = new Mock<IMessageLinks>();
        links.Setup(l => l.LinkFor(It.IsAny<OutboundMessage>(), It.IsAny<Recipient>())).Returns(new Uri("javascript:alert(1)"));
        var message = Cases.For(MessageKind.Reminder).Message.Build();

        var rendered = new MessageRenderer(links.Object).Render(message, People.Pmo, copied: false);

        Assert.Null(rendered.Link);
        Assert.DoesNotContain("javascript", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Html_IsAnAccessibleDocumentWithoutImagesOrScripts()
    {
        var message = Cases.For(MessageKind.Reminder).Message.Build();

        var html = new MessageRenderer(LinksTo(People.Pmo)).Render(message, People.Pmo, copied: false).Html;

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<h1[ >]"));
        Assert.Contains("<th scope=\"row\"", html, StringComparison.Ordinal);
        Assert.Contains(">Submit the final plan</a>", html, StringComparison.Ordinal);
        Assert.Contains("#005eb8", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
    }

    private static IMessageLinks LinksTo(Recipient recipient)
    {
        var links = new Mock<IMessageLinks>();
        links.Setup(l => l.LinkFor(It.IsAny<OutboundMessage>(), recipient)).Returns(Link);
        return links.Object;
    }

    [GeneratedRegex("<[a-zA-Z/!][^>]*>")]
    private static partial Regex Markup();

    /// <summary>An instance of the shipped round for Humber, Coast and Vale, as it starts.</summary>
    private static InstanceState Started() =>
        StateMachine.Start(MessageBuilder.Instance, new InstanceStarted(Round2019.Round.OpensAt, new Core.RegionCode("E40000009")));

    /// <summary>The message <paramref name="command"/> makes for Humber, Coast and Vale, to <paramref name="to"/> alone.</summary>
    private static OutboundMessage ForHumber(Command command, Recipient to) =>
        new(MessageBuilder.Instance, "Humber, Coast and Vale", "North East and Yorkshire", Round2019.Round.Definition.Title, command, [to], []);
}
