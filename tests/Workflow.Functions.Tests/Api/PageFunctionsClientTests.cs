using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Pages;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Orchestration;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>
/// The forms of a system's page and of the page acting on many systems, sent as a browser sends them to the functions
/// the Functions host calls, with a mocked Durable Task client: what each raises on which instance under which id,
/// and what each refuses with nothing raised and nothing written.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageFunctionsClientTests(AzuriteFixture azurite)
{
    private const string Round = TestData.Round;
    private static readonly InstanceId Instance = InstanceOf(TestData.System);
    private static readonly InstanceId PeerInstance = InstanceOf(TestData.Peer);
    private static readonly InstanceId OtherInstance = InstanceOf(TestData.OtherSystem);
    private static readonly string OrchestrationId = PlanningOrchestrator.InstanceIdFor(Instance);
    private static readonly DateTimeOffset MidSeptember = TestData.London(9, 20, 11);

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);
    private static readonly ClientPrincipal OtherDirector = new("Grace Okafor", "director.north-west@example.org", [AppRoles.Regional]);
    private static readonly ClientPrincipal Pmo = new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]);

    private static readonly Dictionary<string, ClientPrincipal> People = new(StringComparer.Ordinal)
    {
        ["national"] = TestSignIn.National, ["director"] = Director, ["other director"] = OtherDirector, ["pmo"] = Pmo,
    };

    /// <summary>What each action's form is filled in with to be accepted.</summary>
    private static readonly Dictionary<string, (string Name, string Value)[]> Filled = new(StringComparer.Ordinal)
    {
        ["extend"] = [("milestone", "draft"), ("newDue-day", "11"), ("newDue-month", "10"), ("newDue-year", "2019"), ("extend-reason", "Board meets late")],
        ["suspend"] = [("suspend-reason", "boundary review")],
        ["withdraw"] = [("withdraw-reason", "merged with its neighbour"), ("confirm", "yes")],
    };

    private readonly Mock<DurableTaskClient> _durable = new("test");

    private static InstanceId InstanceOf(string system) => new(TestData.ShippedRound.Id, new SystemCode(system));

    private static string KeyOf(PageAnswer drawn) => PageBrowser.Drawn(drawn.Html).Single(f => f.Key == "key").Value;

    /// <summary>The system's page as <paramref name="who"/> opens it, ready to send a form from.</summary>
    private static Task<PageAnswer> DrawSystemPageAsync(RegisteredFunctions functions, ClientPrincipal who) =>
        functions.GetAsync(who, r => functions.Create<SystemPageFunctions>().ShowAsync(r, Round, TestData.System, CancellationToken.None));

    private Task<PageAnswer> ActOnSystemAsync(
        RegisteredFunctions functions, PageAnswer drawn, ClientPrincipal who, string action, IEnumerable<(string Name, string Value)> answers, string system = TestData.System) =>
        functions.PostAsync(drawn, who, r => functions.Create<SystemPageFunctions>().ActAsync(r, Round, system, action, _durable.Object, CancellationToken.None), answers);

    private static Task<PageAnswer> DrawActOnManyAsync(RegisteredFunctions functions, ClientPrincipal who, string? query = null) =>
        functions.GetAsync(who, r => functions.Create<ActOnManyFunctions>().ShowAsync(r, Round, CancellationToken.None), query);

    private Task<PageAnswer> ActOnManyAsync(
        RegisteredFunctions functions, PageAnswer drawn, ClientPrincipal who, string action, IEnumerable<(string Name, string Value)> answers, string? query = null, string round = Round) =>
        functions.PostAsync(drawn, who, r => functions.Create<ActOnManyFunctions>().ActAsync(r, round, action, _durable.Object, CancellationToken.None), answers, query);

    /// <summary>Mid-September: the system drafting, its peer suspended on its own, a system of another region drafting.</summary>
    private async Task<RegisteredFunctions> StartAsync()
    {
        var functions = await RegisteredFunctions.StartAsync(azurite, MidSeptember);
        await functions.ProjectAsync(Instance);
        await functions.ProjectAsync(PeerInstance, new Suspended(TestData.London(8, 1), TestSignIn.National.Email, "boundary review"));
        await functions.ProjectAsync(OtherInstance);
        return functions;
    }

    [Theory]
    [InlineData("extend", typeof(DeadlineExtended), "extend")]
    [InlineData("suspend", typeof(Suspended), "suspend")]
    [InlineData("withdraw", typeof(Withdrawn), "withdraw")]
    public async Task SystemPageAction_Accepted_RaisesItsEventUnderThePagesKeyAndComesBackToThePage(string action, Type recorded, string done)
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var drawn = await DrawSystemPageAsync(functions, Director);

        var answer = await ActOnSystemAsync(functions, drawn, Director, action, Filled[action]);

        Assert.Equal((StatusCodes.Status302Found, $"/dashboard/{Round}/systems/{TestData.System}?done={done}"), (answer.Status, answer.Location));
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((OrchestrationId, "page:" + KeyOf(drawn)), (instance, happened.Id));
        Assert.IsType(recorded, happened.Event);
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task SystemPageAction_ExtensionFormSentTwice_RaisedOnceWithTheDateAndWhoAsked()
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var drawn = await DrawSystemPageAsync(functions, Director);

        var first = await ActOnSystemAsync(functions, drawn, Director, "extend", Filled["extend"]);
        var again = await ActOnSystemAsync(functions, drawn, Director, "extend", Filled["extend"]);

        Assert.Equal((first.Status, first.Location), (again.Status, again.Location));
        var extended = Assert.IsType<DeadlineExtended>(Assert.Single(raised).Event.Event);
        Assert.Equal((Milestone.Draft, new DateTime(2019, 10, 11, 17, 0, 0), Director.Email), (extended.Milestone, extended.NewDue, extended.GrantedBy));
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("pmo")]
    [InlineData("other director")]
    public async Task SystemPageAction_SomeoneWhoMayNotActOnTheSystem_ForbiddenAndNothingRaisedOrWritten(string who)
    {
        await using var functions = await StartAsync();
        var drawn = await DrawSystemPageAsync(functions, Director);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var answer = await ActOnSystemAsync(functions, drawn, People[who], "suspend", Filled["suspend"]);

        Assert.Equal(StatusCodes.Status403Forbidden, answer.Status);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("pause", "suspend-reason", "boundary review", StatusCodes.Status404NotFound, "There is no such page here.")]
    [InlineData("suspend", "suspend-reason", " ", StatusCodes.Status400BadRequest, "Enter a reason")]
    [InlineData("extend", "extend-reason", "Board meets late", StatusCodes.Status400BadRequest, "Select the milestone to extend")]
    [InlineData("resume", "resume", "", StatusCodes.Status409Conflict, "This cannot be done now: the instance is not suspended.")]
    [InlineData("withdraw", "withdraw-reason", "merged with its neighbour", StatusCodes.Status200OK, "id=\"confirm-withdraw\"")]
    public async Task SystemPageAction_FormRefusedOrToConfirm_AnswersWhyAndNothingRaisedOrWritten(string action, string field, string value, int status, string said)
    {
        await using var functions = await StartAsync();
        var drawn = await DrawSystemPageAsync(functions, Director);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var answer = await ActOnSystemAsync(functions, drawn, Director, action, [(field, value)]);

        Assert.Equal(status, answer.Status);
        Assert.Contains(said, answer.Html, StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task SystemPageAction_FormNotFromThisService_BadRequestAndNothingRaisedOrWritten()
    {
        await using var functions = await StartAsync();
        var drawn = await DrawSystemPageAsync(functions, Director);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        // A form sent from another site carries the fields but not the cookie this service set with them.
        var answer = await ActOnSystemAsync(functions, drawn with { Cookie = null }, Director, "suspend", Filled["suspend"]);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains("This form has expired", answer.Html, StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task SystemPageAction_SystemWithNoInstance_NotFoundAndNothingRaisedOrWritten()
    {
        await using var functions = await RegisteredFunctions.StartAsync(azurite, MidSeptember);
        await functions.ProjectAsync(Instance);
        var drawn = await DrawSystemPageAsync(functions, Director);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var answer = await ActOnSystemAsync(functions, drawn, Director, "suspend", Filled["suspend"], system: TestData.Peer);

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ActOnMany_SuspendAsTheRegionalDirector_RaisesOnlyOnTheirSystemsThatMayBeUnderEachOnesId()
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var drawn = await DrawActOnManyAsync(functions, Director);

        var answer = await ActOnManyAsync(functions, drawn, Director, "suspend", Filled["suspend"]);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        // The other region's system is not theirs; the peer, suspended on its own already, is refused by Core and not raised on.
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((OrchestrationId, $"bulk:{KeyOf(drawn)}:{TestData.System}"), (instance, happened.Id));
        var suspended = Assert.IsType<Suspended>(happened.Event);
        Assert.Equal((Director.Email, "boundary review"), (suspended.By, suspended.Reason));
        Assert.Contains("the instance is suspended already", answer.Html, StringComparison.Ordinal);
        _durable.Verify(d => d.RaiseEventAsync(OrchestrationId, PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ActOnMany_NationalTeamFilteringARegion_RaisesOnThatRegionsSystemsAloneOnceHoweverOftenSent()
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        const string northWest = "?region=E40000010";
        var drawn = await DrawActOnManyAsync(functions, TestSignIn.National, northWest);

        await ActOnManyAsync(functions, drawn, TestSignIn.National, "withdraw", Filled["withdraw"], northWest);
        var again = await ActOnManyAsync(functions, drawn, TestSignIn.National, "withdraw", Filled["withdraw"], northWest);

        Assert.Equal(StatusCodes.Status200OK, again.Status);
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((PlanningOrchestrator.InstanceIdFor(OtherInstance), $"bulk:{KeyOf(drawn)}:{TestData.OtherSystem}"), (instance, happened.Id));
        Assert.IsType<Withdrawn>(happened.Event);
        _durable.Verify(d => d.RaiseEventAsync(It.IsAny<string>(), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("pmo", "", "suspend", Round, StatusCodes.Status403Forbidden)]
    [InlineData("director", "?region=E40000010", "suspend", Round, StatusCodes.Status403Forbidden)]
    [InlineData("national", "?stage=nonsense", "suspend", Round, StatusCodes.Status400BadRequest)]
    [InlineData("national", "", "pause", Round, StatusCodes.Status404NotFound)]
    [InlineData("national", "", "suspend", "2020-21", StatusCodes.Status404NotFound)]
    [InlineData("national", "?stage=agreed", "suspend", Round, StatusCodes.Status409Conflict)]
    public async Task ActOnMany_RefusedBeforeAnySystemIsActedOn_NothingRaisedOrWritten(string who, string query, string action, string round, int status)
    {
        await using var functions = await StartAsync();
        var drawn = await DrawActOnManyAsync(functions, TestSignIn.National);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var answer = await ActOnManyAsync(functions, drawn, People[who], action, Filled["suspend"], query, round);

        Assert.Equal(status, answer.Status);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("suspend", "suspend-reason", " ", StatusCodes.Status400BadRequest, "Enter a reason")]
    [InlineData("withdraw", "withdraw-reason", "merged with its neighbour", StatusCodes.Status200OK, "id=\"confirm-withdraw\"")]
    public async Task ActOnMany_FormRefusedOrToConfirm_AnswersWhyAndNothingRaisedOrWritten(string action, string field, string value, int status, string said)
    {
        await using var functions = await StartAsync();
        var drawn = await DrawActOnManyAsync(functions, TestSignIn.National);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var answer = await ActOnManyAsync(functions, drawn, TestSignIn.National, action, [(field, value)]);

        Assert.Equal(status, answer.Status);
        Assert.Contains(said, answer.Html, StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ActOnMany_FormNotFromThisService_BadRequestAndNothingRaisedOrWritten()
    {
        await using var functions = await StartAsync();
        var drawn = await DrawActOnManyAsync(functions, TestSignIn.National);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var answer = await ActOnManyAsync(functions, drawn with { Cookie = null }, TestSignIn.National, "suspend", Filled["suspend"]);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }
}
