using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Moq;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Rounds;
using Workflow.Functions.Api;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Orchestration;
using Workflow.Storage;
using Workflow.Storage.Rounds;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>
/// Moving the virtual clock, as the Functions host calls the function, with a mocked Durable Task client: which
/// instances it tells, and what it refuses without telling any.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClockFunctionsClientTests(AzuriteFixture azurite)
{
    private static readonly InstanceId Instance = TestHost.Id();
    private static readonly InstanceId PeerInstance = TestHost.Id(TestData.Peer);
    private static readonly DateTimeOffset DraftDay = TestData.London(9, 27);

    private static readonly ClientPrincipal Director = new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]);

    private readonly Mock<DurableTaskClient> _durable = new("test");

    private Task<IResult> AdvanceAsync(RegisteredFunctions functions, string body, ClientPrincipal? who = null) =>
        functions.Create<ClockFunctions>().AdvanceAsync(RegisteredFunctions.Request("POST", body, who: who), _durable.Object, CancellationToken.None);

    [Fact]
    public async Task AdvanceClock_Forward_SavesItThenTellsEachInstanceOnceUnderTheSettingsId()
    {
        await using var functions = await RegisteredFunctions.StartAsync(azurite, TestData.Opening);
        await functions.ProjectAsync(Instance);
        await functions.ProjectAsync(PeerInstance);
        // A second version of the round is the same round: its instances are told once, not once a version.
        var changed = TestData.ChangedRound(2, ("final", "2019-11-22T17:00"));
        await functions.Get<RoundStore>().AddAsync(RoundParser.Parse(changed, TestData.FewSystemsReference.Calendar).GetValueOrThrow("the changed round"), changed);
        var told = RaisedEvents.Record(_durable);

        var result = await AdvanceAsync(functions, """{"advanceTo":"2019-09-27T09:00:00+01:00"}""");

        var view = Assert.IsType<Ok<ClockView>>(result).Value!;
        Assert.True(view.Virtual);
        Assert.InRange(view.Now, DraftDay, DraftDay.AddMinutes(1));
        var saved = (await functions.Get<ClockStore>().GetAsync())!;
        Assert.Equal(DraftDay, saved.RoundAt);
        // The system never started is not told; each one started is given the clock exactly as saved, under an id of that setting.
        Assert.Equal([PlanningOrchestrator.InstanceIdFor(Instance), PlanningOrchestrator.InstanceIdFor(PeerInstance)], told.Select(t => t.Instance).Order(StringComparer.Ordinal));
        Assert.All(told, t =>
        {
            Assert.Equal($"clock:{saved.RealAt.UtcTicks}", t.Event.Id);
            Assert.Null(t.Event.Event);
            Assert.Equal(new RoundClock(saved.RealAt, saved.RoundAt, saved.Speed), t.Event.Clock);
        });
        _durable.Verify(d => d.RaiseEventAsync(It.IsAny<string>(), PlanningEvent.Name, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        _durable.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("""{"advanceTo":"2019-06-01T09:00:00+01:00"}""", StatusCodes.Status409Conflict)]
    [InlineData("""{"advanceTo":"2100-01-01T00:00:00+00:00"}""", StatusCodes.Status400BadRequest)]
    [InlineData("""{"advanceTo":"next Friday"}""", StatusCodes.Status400BadRequest)]
    [InlineData("""{"to":"2019-09-27T09:00:00+01:00"}""", StatusCodes.Status400BadRequest)]
    [InlineData("", StatusCodes.Status400BadRequest)]
    public async Task AdvanceClock_BackwardsOrNoInstantToMoveTo_RefusedAndNothingToldOrSaved(string body, int status)
    {
        await using var functions = await RegisteredFunctions.StartAsync(azurite, TestData.Opening);
        await functions.ProjectAsync(Instance);

        Assert.Equal(status, RegisteredFunctions.StatusOf(await functions.NothingDoneAsync(_durable, () => AdvanceAsync(functions, body))));

        Assert.InRange(functions.Now, TestData.Opening, TestData.Opening.AddMinutes(5));
    }

    [Fact]
    public async Task AdvanceClock_ARegionalDirector_ForbiddenAndNothingToldOrSaved()
    {
        await using var functions = await RegisteredFunctions.StartAsync(azurite, TestData.Opening);
        await functions.ProjectAsync(Instance);

        var result = await functions.NothingDoneAsync(_durable, () => AdvanceAsync(functions, """{"advanceTo":"2019-09-27T09:00:00+01:00"}""", Director));

        Assert.Equal(StatusCodes.Status403Forbidden, RegisteredFunctions.StatusOf(result));
    }

    [Fact]
    public async Task AdvanceClock_RealTime_ConflictAndNothingToldOrSaved()
    {
        await using var functions = await RegisteredFunctions.StartAsync(azurite, TestData.Opening, new Dictionary<string, string?> { ["Clock:Start"] = null });
        await functions.ProjectAsync(Instance);

        var result = await functions.NothingDoneAsync(_durable, () => AdvanceAsync(functions, """{"advanceTo":"2030-01-07T09:00:00+00:00"}"""));

        Assert.Equal(StatusCodes.Status409Conflict, RegisteredFunctions.StatusOf(result));
    }
}
