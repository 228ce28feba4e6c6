using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Core.Access;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Orchestration;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>
/// The forms of a system's page, of the page acting on many systems and of the timetable page, sent as a browser sends
/// them to the functions the Functions host calls, with a mocked Durable Task client: what each raises on which
/// instance under which id, and what each refuses with nothing raised and nothing written.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageFunctionsClientTests(AzuriteFixture azurite)
{
    private const string Round = TestData.Round;
    private static readonly string OrchestrationId = PlanningOrchestrator.InstanceIdFor(TestHost.Id());
    private static readonly string OtherOrchestrationId = PlanningOrchestrator.InstanceIdFor(TestHost.Id(TestData.OtherSystem));

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private static readonly Dictionary<string, ClientPrincipal> People = new(StringComparer.Ordinal)
    {
        ["national"] = TestSignIn.National,
        ["director"] = Director,
        ["other director"] = new("Grace Okafor", "director.north-west@example.org", [AppRoles.Regional]),
        ["pmo"] = new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]),
    };

    /// <summary>What each action's form is filled in with to be accepted.</summary>
    private static readonly Dictionary<string, (string Name, string Value)[]> Filled = new(StringComparer.Ordinal)
    {
        ["extend"] = [("milestone", "draft"), ("newDue-day", "11"), ("newDue-month", "10"), ("newDue-year", "2019"), ("extend-reason", "Board meets late")],
        ["suspend"] = [("suspend-reason", "boundary review")],
        ["withdraw"] = [("withdraw-reason", "merged with its neighbour"), ("confirm", "yes")],
    };

    private readonly Mock<DurableTaskClient> _durable = new("test");

    private static string KeyOf(PageAnswer drawn) => PageBrowser.Drawn(drawn.Html).Single(f => f.Key == "key").Value;

    /// <summary>Mid-September: the system drafting, its peer withdrawn, a system of another region drafting.</summary>
    private async Task<RegisteredFunctions> StartAsync()
    {
        var functions = await RegisteredFunctions.StartAsync(azurite, TestData.London(9, 20, 11));
        await functions.ProjectAsync(TestHost.Id());
        await functions.ProjectAsync(TestHost.Id(TestData.Peer), new Withdrawn(TestData.London(8, 1), TestSignIn.National.Email, "merged with its neighbour"));
        await functions.ProjectAsync(TestHost.Id(TestData.OtherSystem));
        return functions;
    }

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

    private static Task<PageAnswer> DrawTimetableAsync(RegisteredFunctions functions) =>
        functions.GetAsync(TestSignIn.National, r => functions.Create<TimetableFunctions>().ShowAsync(r, Round, CancellationToken.None));

    private Task<PageAnswer> ChangeTimetableAsync(
        RegisteredFunctions functions, PageAnswer drawn, IEnumerable<(string Name, string Value)> answers, ClientPrincipal? who = null, string round = Round) =>
        functions.PostAsync(drawn, who ?? TestSignIn.National, r => functions.Create<TimetableFunctions>().ChangeAsync(r, round, _durable.Object, CancellationToken.None), answers);

    /// <summary>The timetable page's date boxes as drawn, but for the final plan due on <paramref name="finalDay"/> November.</summary>
    private static IEnumerable<(string Name, string Value)> Dates(int finalDay)
    {
        var values = TimetableForm.Values(TimetableForm.Current(TestData.ShippedRound)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        values[$"{TimetableForm.Field(Milestone.Final, "due")}-day"] = finalDay.ToString(CultureInfo.InvariantCulture);
        return values.Select(v => (v.Key, v.Value));
    }

    private Task<PageAnswer> PreviewAsync(RegisteredFunctions functions, PageAnswer drawn, int finalDay) =>
        ChangeTimetableAsync(functions, drawn, [("action", "preview"), .. Dates(finalDay)]);

    private Task<PageAnswer> ConfirmAsync(RegisteredFunctions functions, PageAnswer preview, string? proposal = null) =>
        ChangeTimetableAsync(functions, preview, [("action", "confirm"), ("proposal", proposal ?? PageBrowser.Hidden(preview.Html, "proposal"))]);

    [Theory]
    [InlineData("extend", typeof(DeadlineExtended))]
    [InlineData("suspend", typeof(Suspended))]
    [InlineData("withdraw", typeof(Withdrawn))]
    public async Task SystemPageAction_Accepted_RaisesItsEventUnderThePagesKeyAndComesBackToThePage(string action, Type recorded)
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var drawn = await DrawSystemPageAsync(functions, Director);

        var answer = await ActOnSystemAsync(functions, drawn, Director, action, Filled[action]);

        Assert.Equal((StatusCodes.Status302Found, $"/dashboard/{Round}/systems/{TestData.System}?done={action}"), (answer.Status, answer.Location));
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

        var answer = await functions.NothingDoneAsync(_durable, () => ActOnSystemAsync(functions, drawn, People[who], "suspend", Filled["suspend"]));

        Assert.Equal(StatusCodes.Status403Forbidden, answer.Status);
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

        var answer = await functions.NothingDoneAsync(_durable, () => ActOnSystemAsync(functions, drawn, Director, action, [(field, value)]));

        Assert.Equal(status, answer.Status);
        Assert.Contains(said, answer.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemPageAction_FormNotFromThisService_BadRequestAndNothingRaisedOrWritten()
    {
        await using var functions = await StartAsync();
        var drawn = await DrawSystemPageAsync(functions, Director);

        // A form sent from another site carries the fields but not the cookie this service set with them.
        var answer = await functions.NothingDoneAsync(_durable, () => ActOnSystemAsync(functions, drawn with { Cookie = null }, Director, "suspend", Filled["suspend"]));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains("This form has expired", answer.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemPageAction_SystemWithNoInstance_NotFoundAndNothingRaisedOrWritten()
    {
        await using var functions = await RegisteredFunctions.StartAsync(azurite, TestData.London(9, 20, 11));
        await functions.ProjectAsync(TestHost.Id());
        var drawn = await DrawSystemPageAsync(functions, Director);

        var answer = await functions.NothingDoneAsync(_durable, () => ActOnSystemAsync(functions, drawn, Director, "suspend", Filled["suspend"], system: TestData.Peer));

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
    }

    [Fact]
    public async Task ActOnMany_SuspendAsTheRegionalDirector_RaisesOnlyOnTheirSystemsThatMayBeUnderEachOnesId()
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var drawn = await DrawActOnManyAsync(functions, Director);

        var answer = await ActOnManyAsync(functions, drawn, Director, "suspend", Filled["suspend"]);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        // The other region's system is not theirs; the withdrawn peer is refused by Core, and not raised on.
        var (instance, happened) = Assert.Single(raised);
        Assert.Equal((OrchestrationId, $"bulk:{KeyOf(drawn)}:{TestData.System}"), (instance, happened.Id));
        var suspended = Assert.IsType<Suspended>(happened.Event);
        Assert.Equal((Director.Email, "boundary review"), (suspended.By, suspended.Reason));
        Assert.Contains("the system has been withdrawn from this round", answer.Html, StringComparison.Ordinal);
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
        Assert.Equal((OtherOrchestrationId, $"bulk:{KeyOf(drawn)}:{TestData.OtherSystem}"), (instance, happened.Id));
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

        var answer = await functions.NothingDoneAsync(_durable, () => ActOnManyAsync(functions, drawn, People[who], action, Filled["suspend"], query, round));

        Assert.Equal(status, answer.Status);
    }

    [Theory]
    [InlineData("suspend", "suspend-reason", " ", StatusCodes.Status400BadRequest, "Enter a reason")]
    [InlineData("withdraw", "withdraw-reason", "merged with its neighbour", StatusCodes.Status200OK, "id=\"confirm-withdraw\"")]
    public async Task ActOnMany_FormRefusedOrToConfirm_AnswersWhyAndNothingRaisedOrWritten(string action, string field, string value, int status, string said)
    {
        await using var functions = await StartAsync();
        var drawn = await DrawActOnManyAsync(functions, TestSignIn.National);

        var answer = await functions.NothingDoneAsync(_durable, () => ActOnManyAsync(functions, drawn, TestSignIn.National, action, [(field, value)]));

        Assert.Equal(status, answer.Status);
        Assert.Contains(said, answer.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActOnMany_FormNotFromThisService_BadRequestAndNothingRaisedOrWritten()
    {
        await using var functions = await StartAsync();
        var drawn = await DrawActOnManyAsync(functions, TestSignIn.National);

        var answer = await functions.NothingDoneAsync(_durable, () => ActOnManyAsync(functions, drawn with { Cookie = null }, TestSignIn.National, "suspend", Filled["suspend"]));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
    }

    [Fact]
    public async Task TimetableChange_PreviewedThenConfirmedTwice_TellsEachRunningInstanceOnceUnderTheVersionsId()
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var drawn = await DrawTimetableAsync(functions);
        var preview = await functions.NothingDoneAsync(_durable, () => PreviewAsync(functions, drawn, finalDay: 22));
        Assert.Equal(StatusCodes.Status200OK, preview.Status);

        var confirmed = await ConfirmAsync(functions, preview);
        // Sent again, the confirm finds its own timetable stored and every instance on it: there is nobody left to tell.
        var again = await ConfirmAsync(functions, preview);

        Assert.Equal((StatusCodes.Status302Found, $"/dashboard/{Round}/timetable?done=changed&moved=2"), (confirmed.Status, confirmed.Location));
        Assert.Equal((confirmed.Status, confirmed.Location), (again.Status, again.Location));
        Assert.Equal(2, (await functions.Get<RoundCatalog>().GetAsync(TestData.ShippedRound.Id))!.Round.Version);
        // The withdrawn system has nothing left to move, so it is not told.
        Assert.Equal([OrchestrationId, OtherOrchestrationId], raised.Select(r => r.Instance).Order(StringComparer.Ordinal));
        Assert.All(raised, r => Assert.Equal(("timetable:v2", 2), (r.Event.Id, Assert.IsType<TimetableChanged>(r.Event.Event).RoundVersion)));
        _durable.Verify(d => d.RaiseEventAsync(It.IsAny<string>(), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task TimetableChange_ConfirmedAfterSomeoneElsesChange_ShownAgainAsAConflictAndNothingRaisedOrWritten()
    {
        await using var functions = await StartAsync();
        RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var preview = await PreviewAsync(functions, await DrawTimetableAsync(functions), finalDay: 22);
        await functions.Get<RoundService>().ChangeTimetableAsync(_durable.Object, TestData.ShippedRound.Id, TestData.ChangedRound(2, ("final", "2019-11-29T17:00")));
        _durable.Invocations.Clear();

        var confirmed = await functions.NothingDoneAsync(_durable, () => ConfirmAsync(functions, preview));

        Assert.Equal(StatusCodes.Status409Conflict, confirmed.Status);
        Assert.Contains("changed by someone else after you previewed yours", confirmed.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("director", Round, "preview", 22, StatusCodes.Status403Forbidden)]
    [InlineData("national", "2020-21", "preview", 22, StatusCodes.Status404NotFound)]
    [InlineData("national", Round, "apply", 22, StatusCodes.Status400BadRequest)]
    [InlineData("national", Round, "preview", 15, StatusCodes.Status400BadRequest)]
    [InlineData("national", Round, "preview", 31, StatusCodes.Status400BadRequest)]
    public async Task TimetableChange_Refused_NothingRaisedOrWritten(string who, string round, string action, int finalDay, int status)
    {
        await using var functions = await StartAsync();
        var drawn = await DrawTimetableAsync(functions);

        var answer = await functions.NothingDoneAsync(_durable, () => ChangeTimetableAsync(functions, drawn, [("action", action), .. Dates(finalDay)], People[who], round));

        Assert.Equal(status, answer.Status);
    }

    [Theory]
    [InlineData("round=2019-20&base=1&moved=2&final-due-day=22", "The change to confirm could not be read")]
    [InlineData(null, "This form has expired")]
    public async Task TimetableChange_ConfirmThePageDidNotSignOrSendFromHere_BadRequestAndNothingRaisedOrWritten(string? proposal, string said)
    {
        await using var functions = await StartAsync();
        var preview = await PreviewAsync(functions, await DrawTimetableAsync(functions), finalDay: 22);

        // Without a proposal of its own the confirm is the page's, but sent from elsewhere, without the service's cookie.
        var answer = await functions.NothingDoneAsync(_durable, () => proposal is null ? ConfirmAsync(functions, preview with { Cookie = null }) : ConfirmAsync(functions, preview, proposal));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains(said, answer.Html, StringComparison.Ordinal);
    }
}
