using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Orchestration;
using Workflow.Storage.Rounds;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>
/// The timetable page's post, sent as a browser sends it to the function the Functions host calls, with a mocked
/// Durable Task client: a preview tells nobody, a confirm tells each running instance once, and what is refused tells
/// nobody and writes nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimetableFunctionsClientTests(AzuriteFixture azurite)
{
    private const string Round = TestData.Round;
    private static readonly InstanceId Instance = InstanceOf(TestData.System);
    private static readonly InstanceId PeerInstance = InstanceOf(TestData.Peer);
    private static readonly InstanceId OtherInstance = InstanceOf(TestData.OtherSystem);

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private readonly Mock<DurableTaskClient> _durable = new("test");

    private static InstanceId InstanceOf(string system) => new(TestData.ShippedRound.Id, new SystemCode(system));

    /// <summary>The page's date boxes as drawn, with the final plan due on <paramref name="finalDay"/> November instead, when given.</summary>
    private static IEnumerable<(string Name, string Value)> Dates(int? finalDay)
    {
        var values = TimetableForm.Values(TimetableForm.Current(TestData.ShippedRound)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        if (finalDay is { } day)
        {
            values[$"{TimetableForm.Field(Milestone.Final, "due")}-day"] = day.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return values.Select(v => (v.Key, v.Value));
    }

    private static Task<PageAnswer> DrawAsync(RegisteredFunctions functions) =>
        functions.GetAsync(TestSignIn.National, r => functions.Create<TimetableFunctions>().ShowAsync(r, Round, CancellationToken.None));

    private Task<PageAnswer> SendAsync(RegisteredFunctions functions, PageAnswer drawn, IEnumerable<(string Name, string Value)> answers, ClientPrincipal? who = null, string round = Round) =>
        functions.PostAsync(drawn, who ?? TestSignIn.National, r => functions.Create<TimetableFunctions>().ChangeAsync(r, round, _durable.Object, CancellationToken.None), answers);

    private Task<PageAnswer> PreviewAsync(RegisteredFunctions functions, PageAnswer drawn, int finalDay) => SendAsync(functions, drawn, [("action", "preview"), .. Dates(finalDay)]);

    private Task<PageAnswer> ConfirmAsync(RegisteredFunctions functions, PageAnswer preview) =>
        SendAsync(functions, preview, [("action", "confirm"), ("proposal", PageBrowser.Hidden(preview.Html, "proposal"))]);

    /// <summary>Mid-September: two systems drafting, one of them in another region, and one withdrawn.</summary>
    private async Task<RegisteredFunctions> StartAsync()
    {
        var functions = await RegisteredFunctions.StartAsync(azurite, TestData.London(9, 20, 11));
        await functions.ProjectAsync(Instance);
        await functions.ProjectAsync(PeerInstance, new Withdrawn(TestData.London(8, 1), TestSignIn.National.Email, "merged with its neighbour"));
        await functions.ProjectAsync(OtherInstance);
        return functions;
    }

    [Fact]
    public async Task TimetableChange_PreviewedThenConfirmedTwice_TellsEachRunningInstanceOnceUnderTheVersionsId()
    {
        await using var functions = await StartAsync();
        var raised = RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var preview = await PreviewAsync(functions, await DrawAsync(functions), finalDay: 22);
        Assert.Equal(StatusCodes.Status200OK, preview.Status);
        _durable.VerifyNoOtherCalls();

        var confirmed = await ConfirmAsync(functions, preview);
        // Sent again, the confirm finds its own timetable stored and every instance on it: there is nobody left to tell.
        var again = await ConfirmAsync(functions, preview);

        Assert.Equal((StatusCodes.Status302Found, $"/dashboard/{Round}/timetable?done=changed&moved=2"), (confirmed.Status, confirmed.Location));
        Assert.Equal((confirmed.Status, confirmed.Location), (again.Status, again.Location));
        Assert.Equal(2, (await functions.Get<RoundCatalog>().GetAsync(TestData.ShippedRound.Id))!.Round.Version);
        // The withdrawn system has nothing left to move, so it is not told.
        Assert.Equal([PlanningOrchestrator.InstanceIdFor(Instance), PlanningOrchestrator.InstanceIdFor(OtherInstance)], raised.Select(r => r.Instance).Order(StringComparer.Ordinal));
        Assert.All(raised, r => Assert.Equal(("timetable:v2", 2), (r.Event.Id, Assert.IsType<TimetableChanged>(r.Event.Event).RoundVersion)));
        _durable.Verify(d => d.RaiseEventAsync(It.IsAny<string>(), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task TimetableChange_ConfirmedAfterSomeoneElsesChange_ShownAgainAsAConflictAndNothingRaisedOrWritten()
    {
        await using var functions = await StartAsync();
        RaisedEvents.ApplyAtOnce(_durable, functions.Journal);
        var preview = await PreviewAsync(functions, await DrawAsync(functions), finalDay: 22);
        await functions.Get<RoundService>().ChangeTimetableAsync(_durable.Object, TestData.ShippedRound.Id, TestData.ChangedRound(2, ("final", "2019-11-29T17:00")));
        _durable.Invocations.Clear();
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var confirmed = await ConfirmAsync(functions, preview);

        Assert.Equal(StatusCodes.Status409Conflict, confirmed.Status);
        Assert.Contains("changed by someone else after you previewed yours", confirmed.Html, StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("national", Round, "preview", 22, StatusCodes.Status200OK)]
    [InlineData("director", Round, "preview", 22, StatusCodes.Status403Forbidden)]
    [InlineData("national", "2020-21", "preview", 22, StatusCodes.Status404NotFound)]
    [InlineData("national", Round, "apply", 22, StatusCodes.Status400BadRequest)]
    [InlineData("national", Round, "preview", 15, StatusCodes.Status400BadRequest)]
    [InlineData("national", Round, "preview", 31, StatusCodes.Status400BadRequest)]
    public async Task TimetableChange_RefusedOrOnlyPreviewed_NothingRaisedOrWritten(string who, string round, string action, int finalDay, int status)
    {
        await using var functions = await StartAsync();
        var drawn = await DrawAsync(functions);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var answer = await SendAsync(functions, drawn, [("action", action), .. Dates(finalDay)], who == "director" ? Director : null, round);

        Assert.Equal(status, answer.Status);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task TimetableChange_ConfirmingAProposalThePageDidNotSign_BadRequestAndNothingRaisedOrWritten()
    {
        await using var functions = await StartAsync();
        var preview = await PreviewAsync(functions, await DrawAsync(functions), finalDay: 22);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var answer = await SendAsync(functions, preview, [("action", "confirm"), ("proposal", "round=2019-20&base=1&moved=2&final-due-day=22")]);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains("The change to confirm could not be read", answer.Html, StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task TimetableChange_ConfirmNotFromThisService_BadRequestAndNothingRaisedOrWritten()
    {
        await using var functions = await StartAsync();
        var preview = await PreviewAsync(functions, await DrawAsync(functions), finalDay: 22);
        var before = await StorageSnapshot.TakeAsync(functions.Account);

        var answer = await SendAsync(functions, preview with { Cookie = null }, [("action", "confirm"), ("proposal", PageBrowser.Hidden(preview.Html, "proposal"))]);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains("This form has expired", answer.Html, StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(functions.Account));
        _durable.VerifyNoOtherCalls();
    }
}
