using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Moq;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Pages;
using Workflow.Functions.Tests.Support;
using Workflow.Notifications.Links;
using Workflow.Orchestration;
using Workflow.Storage.Links;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>
/// A director's decision and a PMO's submission through a signed link, the link page's form sent as a browser sends it
/// to the function the Functions host calls, with a mocked Durable Task client: what is raised on which instance under
/// the link's nonce, and which links and forms are refused with nothing raised, claimed or written.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LinkFunctionsClientTests(AzuriteFixture azurite)
{
    private const string Director = "director.north-east-and-yorkshire@example.org";
    private const string Pmo = "pmo.e54000005@example.org";
    private const string Nonce = "nonce-1";
    private static readonly InstanceId Instance = TestHost.Id();
    private static readonly string OrchestrationId = PlanningOrchestrator.InstanceIdFor(Instance);

    /// <summary>Mid-November: the draft and the final plan in, version 1 awaiting the director's decision.</summary>
    private static readonly InstanceEvent[] AwaitingDecision =
    [
        new PlanSubmitted(TestData.London(9, 26), Milestone.Draft, Pmo, "https://example.org/plans/draft.pdf"),
        new PlanSubmitted(TestData.London(11, 14), Milestone.Final, Pmo, "https://example.org/plans/final.pdf"),
    ];

    private readonly Mock<DurableTaskClient> _durable = new("test");

    private static string Link(RegisteredFunctions functions, LinkAction action, string person, int version, TimeSpan? expiresIn = null, string nonce = Nonce) =>
        functions.Get<LinkSigner>().Sign(new LinkClaims(action, Instance, person, version, functions.Now + (expiresIn ?? TimeSpan.FromDays(21)), nonce));

    private static Task<PageAnswer> DrawAsync(RegisteredFunctions functions, string token) =>
        functions.GetAsync(null, r => functions.Create<LinkFunctions>().ShowAsync(r, token, CancellationToken.None));

    private Task<PageAnswer> SendAsync(RegisteredFunctions functions, PageAnswer drawn, string token, params (string Name, string Value)[] answers) =>
        functions.PostAsync(drawn, null, r => functions.Create<LinkFunctions>().ActAsync(r, token, _durable.Object, CancellationToken.None), answers);

    private async Task<RegisteredFunctions> StartAsync(params InstanceEvent[] events)
    {
        var functions = await RegisteredFunctions.StartAsync(azurite, TestData.London(11, 18, 10));
        await functions.ProjectAsync(Instance, events);
        return functions;
    }

    [Theory]
    [InlineData("agreed", "", Outcome.Agreed)]
    [InlineData("changes-requested", "Add the workforce plan", Outcome.ChangesRequested)]
    public async Task ActOnLink_DirectorsDecision_RaisedUnderTheLinksNonceWithTheVersionAndWhoDecided(string outcome, string comment, Outcome recorded)
    {
        await using var functions = await StartAsync(AwaitingDecision);
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var token = Link(functions, LinkAction.Decide, Director, 1);

        var answer = await SendAsync(functions, await DrawAsync(functions, token), token, ("outcome", outcome), ("comment", comment));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Contains("Recorded", answer.Html, StringComparison.Ordinal);
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((OrchestrationId, Nonce), (instance, happened.Id));
        var decision = Assert.IsType<DecisionRecorded>(happened.Event);
        Assert.Equal((recorded, 1, "Ruth Clarke", comment.Length == 0 ? null : comment), (decision.Outcome, decision.PlanVersion, decision.By, decision.Comment));
        Assert.Equal((Director, Nonce), (decision.Via!.Person, decision.Via.Link));
        Assert.IsType<DecisionRecorded>(await functions.Get<LinkClaimStore>().GetAsync(Instance, Nonce));
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ActOnLink_DecisionSentAgainThroughTheSameLink_AlreadyRecordedAndNothingMoreRaised()
    {
        await using var functions = await StartAsync(AwaitingDecision);
        RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var token = Link(functions, LinkAction.Decide, Director, 1);
        var drawn = await DrawAsync(functions, token);
        await SendAsync(functions, drawn, token, ("outcome", "agreed"));

        var again = await SendAsync(functions, drawn, token, ("outcome", "changes-requested"), ("comment", "On second thoughts"));

        Assert.Equal(StatusCodes.Status200OK, again.Status);
        Assert.Contains("Already recorded", again.Html, StringComparison.Ordinal);
        Assert.Equal(Outcome.Agreed, Assert.IsType<DecisionRecorded>(await functions.Get<LinkClaimStore>().GetAsync(Instance, Nonce)).Outcome);
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ActOnLink_PmoSubmitsTheDraftByItsAddress_RaisedUnderTheLinksNonce()
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var token = Link(functions, LinkAction.Submit, Pmo, 0);

        var answer = await SendAsync(functions, await DrawAsync(functions, token), token, ("milestone", "draft"), ("reference", "https://example.org/plans/draft.pdf"));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((OrchestrationId, Nonce), (instance, happened.Id));
        var submitted = Assert.IsType<PlanSubmitted>(happened.Event);
        Assert.Equal((Milestone.Draft, "Alex Okafor", "https://example.org/plans/draft.pdf", Pmo), (submitted.Milestone, submitted.By, submitted.Reference, submitted.Via!.Person));
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("signed with another key", StatusCodes.Status400BadRequest)]
    [InlineData("cut short", StatusCodes.Status400BadRequest)]
    [InlineData("expired", StatusCodes.Status410Gone)]
    [InlineData("the system's PMO holding a director's link", StatusCodes.Status403Forbidden)]
    [InlineData("a deputy nobody delegated to", StatusCodes.Status403Forbidden)]
    [InlineData("another region's director", StatusCodes.Status403Forbidden)]
    [InlineData("a plan version not submitted", StatusCodes.Status409Conflict)]
    public async Task ActOnLink_LinkRefused_NothingRaisedClaimedOrWritten(string link, int status)
    {
        await using var functions = await StartAsync(AwaitingDecision);
        var drawn = await DrawAsync(functions, Link(functions, LinkAction.Decide, Director, 1, nonce: "drawn"));
        var otherKey = new LinkSigner(Options.Create(new SignedLinkOptions { SigningKey = Convert.ToBase64String(new byte[32]) }));
        var token = link switch
        {
            "signed with another key" => otherKey.Sign(new LinkClaims(LinkAction.Decide, Instance, Director, 1, functions.Now.AddDays(21), Nonce)),
            "cut short" => Link(functions, LinkAction.Decide, Director, 1)[..^4],
            "expired" => Link(functions, LinkAction.Decide, Director, 1, expiresIn: TimeSpan.FromMinutes(-1)),
            "the system's PMO holding a director's link" => Link(functions, LinkAction.Decide, Pmo, 1),
            "a deputy nobody delegated to" => Link(functions, LinkAction.Decide, "deputy.north-east-and-yorkshire@example.org", 1),
            "another region's director" => Link(functions, LinkAction.Decide, "director.north-west@example.org", 1),
            _ => Link(functions, LinkAction.Decide, Director, 2),
        };

        var answer = await functions.NothingDoneAsync(_durable, () => SendAsync(functions, drawn, token, ("outcome", "agreed")));

        Assert.Equal(status, answer.Status);
    }

    [Theory]
    [InlineData("", "", "Choose whether to agree the plan or ask for changes")]
    [InlineData("changes-requested", " ", "Say what needs to change")]
    public async Task ActOnLink_DecisionToCorrect_ShownAgainAndNothingRaisedClaimedOrWritten(string outcome, string comment, string said)
    {
        await using var functions = await StartAsync(AwaitingDecision);
        var token = Link(functions, LinkAction.Decide, Director, 1);
        var drawn = await DrawAsync(functions, token);

        var answer = await functions.NothingDoneAsync(_durable, () => SendAsync(functions, drawn, token, ("outcome", outcome), ("comment", comment)));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains(said, answer.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActOnLink_SubmissionPageOutOfDate_ConflictAndNothingRaisedClaimedOrWritten()
    {
        await using var functions = await StartAsync();
        var token = Link(functions, LinkAction.Submit, Pmo, 0);
        var drawn = await DrawAsync(functions, token);

        // A page drawn while the final plan was due, sent once the draft is due again (after a restart, say).
        var answer = await functions.NothingDoneAsync(_durable, () => SendAsync(functions, drawn, token, ("milestone", "final"), ("reference", "https://example.org/plans/final.pdf")));

        Assert.Equal(StatusCodes.Status409Conflict, answer.Status);
        Assert.Contains("This page is out of date", answer.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActOnLink_EventCoreRefuses_ConflictSaysWhyAndNothingRaisedClaimedOrWritten()
    {
        await using var functions = await StartAsync();
        var token = Link(functions, LinkAction.RegionalFeedback, Director, 0);
        var drawn = await DrawAsync(functions, token);

        var answer = await functions.NothingDoneAsync(_durable, () => SendAsync(functions, drawn, token, ("feedback", "Strong on prevention")));

        Assert.Equal(StatusCodes.Status409Conflict, answer.Status);
        Assert.Contains("Regional feedback is on the draft plan, which has not been submitted", answer.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActOnLink_FormNotFromThisService_BadRequestAndNothingRaisedClaimedOrWritten()
    {
        await using var functions = await StartAsync(AwaitingDecision);
        var token = Link(functions, LinkAction.Decide, Director, 1);
        var drawn = await DrawAsync(functions, token);

        var answer = await functions.NothingDoneAsync(_durable, () => SendAsync(functions, drawn with { Cookie = null }, token, ("outcome", "agreed")));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains("This form has expired", answer.Html, StringComparison.Ordinal);
    }
}
