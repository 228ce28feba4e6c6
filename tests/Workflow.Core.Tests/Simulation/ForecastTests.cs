using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Simulation;

public sealed class ForecastTests
{
    private static readonly SystemDirectory Directory = TestDirectory.Parse().GetValueOrThrow("the shipped directory");

    private static readonly Scenario Shipped =
        ScenarioParser.Parse(TestFiles.Read("scenarios", "2019-20.json"), TestRound.Round, Directory).GetValueOrThrow("the shipped scenario");

    private static Round Round => TestRound.Round;

    private static DateTimeOffset At(int month, int day, int hour = 10) => Round.Calendar.ToInstant(new DateTime(2019, month, day, hour, 0, 0));

    private static InstanceState Started(SystemEntry system) =>
        StateMachine.Start(new InstanceId(Round.Id, system.Code), new InstanceStarted(Round.OpensAt, system.Region, Round.Version));

    /// <summary>The shipped scenario's people, who stop doing anything at <paramref name="stop"/>.</summary>
    private sealed class StopAt(SystemScript script, DateTimeOffset stop) : IPeople
    {
        public IReadOnlyList<InstanceEvent> Dated => [.. script.Dated.Where(e => e.At < stop)];

        public InstanceEvent? NextReaction(InstanceState state, Round round) => script.NextReaction(state, round) is { } next && next.At < stop ? next : null;
    }

    private static SystemScript Script(SystemEntry system) =>
        new(new InstanceId(Round.Id, system.Code), Shipped.For(system.Code), Round, Simulator.PeerPairs(Directory)[system.Code], Shipped.PeerPairingAt);

    private static Simulator.RoundSuspensions None => Simulator.RoundSuspensions.None;

    [Theory]
    [InlineData(9, 10)]
    [InlineData(9, 30)]
    [InlineData(11, 1)]
    [InlineData(11, 20)]
    public void NobodyActs_FromTheStateOnADay_IsWhatTheRoundThenDoesWhenNobodyActs(int month, int day)
    {
        var d = At(month, day);
        var until = d + Forecast.DefaultHorizon;
        var sends = 0;
        foreach (var system in Directory.Systems)
        {
            // The round as it really ran up to the day, then the same people doing nothing more.
            var stateOnTheDay = Simulator.Drive(Started(system), Round.OpensAt, d, Round, [], None, Script(system))!.Final;
            var carriedOn = Simulator.Drive(Started(system), Round.OpensAt, until, Round, [], None, new StopAt(Script(system), d))!;

            var forecast = Forecast.For(stateOnTheDay, Round, d, until, Assumption.NobodyActs);

            Assert.Equal(
                carriedOn.Commands.Where(c => c.At > d).Select(c => (c.Id, c.At)),
                forecast.Sends.Select(c => (c.Id, c.At)));
            Assert.Empty(forecast.Assumed);
            sends += forecast.Sends.Length;
        }
        // Six weeks of a round with nobody acting always holds prompts, reminders or escalations to compare.
        Assert.True(sends > Directory.Systems.Length, $"{sends} sends");
    }

    [Fact]
    public void NobodyActs_FromTheOpening_EscalatesEverySystemAndTheNationalPlanIsNotReady()
    {
        var forecast = Forecast.Of(Directory.Systems.Select(s => (Started(s), Round)), Round, Round.OpensAt, TimeSpan.FromDays(366), Assumption.NobodyActs);

        Assert.All(forecast.Systems, s => Assert.Contains(s.Sends, c => c.Kind == MessageKind.EscalationToNational));
        Assert.Null(forecast.NationalPlan.ReadyAt);
        Assert.Equal(Directory.Systems.Length, forecast.NationalPlan.Outstanding);
        Assert.False(forecast.NationalPlan.ReadyByDue);
    }

    [Fact]
    public void EveryoneOnTheDueDate_FromTheOpening_NothingIsOverdueAndThePlanIsReadyByItsDate()
    {
        var forecast = Forecast.Of(Directory.Systems.Select(s => (Started(s), Round)), Round, Round.OpensAt, TimeSpan.FromDays(366), Assumption.EveryoneOnTheDueDate);

        Assert.All(forecast.Systems, s =>
        {
            Assert.DoesNotContain(s.Sends, c => c.Kind is MessageKind.Overdue or MessageKind.EscalationToRegion or MessageKind.EscalationToNational);
            Assert.Equal(Stage.Published, s.End.Stage);
        });
        Assert.Equal(0, forecast.NationalPlan.Outstanding);
        Assert.True(forecast.NationalPlan.ReadyByDue, $"ready {forecast.NationalPlan.ReadyAt}, due {forecast.NationalPlan.Due}");
        // Directors agree on receipt, so every plan is agreed the moment the final plan is in, on its date.
        Assert.Equal(Round.FixedDue(Milestone.Final), forecast.NationalPlan.ReadyAt);
    }

    [Fact]
    public void DirectorsTakeTheirFullWindow_AgreeAtTheEndOfIt_LaterThanOnReceiptAndStillNotOverdue()
    {
        var systems = Directory.Systems.Select(s => (Started(s), Round)).ToList();
        var prompt = Forecast.Of(systems, Round, Round.OpensAt, TimeSpan.FromDays(366), Assumption.EveryoneOnTheDueDate);
        var slow = Forecast.Of(systems, Round, Round.OpensAt, TimeSpan.FromDays(366), Assumption.DirectorsTakeTheirFullWindow);

        Assert.All(slow.Systems, s =>
        {
            var agreed = Assert.Single(s.Assumed.OfType<DecisionRecorded>());
            Assert.Equal(Timetable.Due(s.End, Round, new MilestoneKey(Milestone.Agreement, 1)), agreed.At);
            Assert.DoesNotContain(s.Sends, c => c.Kind is MessageKind.Overdue or MessageKind.EscalationToRegion or MessageKind.EscalationToNational);
        });
        Assert.True(slow.NationalPlan.ReadyAt > prompt.NationalPlan.ReadyAt);
    }

    [Fact]
    public void EveryoneOnTheDueDate_WhatIsLateAlready_IsDoneAtOnce()
    {
        var system = Directory.Systems[0];
        var late = At(10, 1);
        var stateOnTheDay = Simulator.Drive(Started(system), Round.OpensAt, late, Round, [], None, new StopAt(Script(system), Round.OpensAt))!.Final;

        var forecast = Forecast.For(stateOnTheDay, Round, late, late + Forecast.DefaultHorizon, Assumption.EveryoneOnTheDueDate);

        var draft = forecast.Assumed.OfType<PlanSubmitted>().First();
        Assert.Equal((Milestone.Draft, late), (draft.Milestone, draft.At));
    }

    [Theory]
    [InlineData(Assumption.NobodyActs)]
    [InlineData(Assumption.EveryoneOnTheDueDate)]
    public void Suspended_SendsNothingAndNobodyIsAssumedToAct(Assumption assumption)
    {
        var system = Directory.Systems[0];
        var from = At(9, 20);
        var state = StateMachine.Apply(Started(system), new Suspended(from, "national team", "merger under review"));

        var forecast = Forecast.For(state, Round, from, from + Forecast.DefaultHorizon, assumption);

        Assert.Empty(forecast.Sends);
        Assert.Empty(forecast.Assumed);
        Assert.Null(forecast.SettledAt);
    }

    [Fact]
    public void Until_IsTheHorizon_ButNeverPastTheLastDayTheRoundCanSendAnything()
    {
        var from = At(11, 1);
        var end = Round.Calendar.ToInstant(Round.LatestPossibleDate().AddDays(1), TimeOnly.MinValue);

        Assert.Equal(from + Forecast.DefaultHorizon, Forecast.Until(Round, from, Forecast.DefaultHorizon));
        Assert.Equal(end, Forecast.Until(Round, from, TimeSpan.FromDays(3650)));
        Assert.Equal(end + TimeSpan.FromDays(1), Forecast.Until(Round, end + TimeSpan.FromDays(1), Forecast.DefaultHorizon));
    }
}
