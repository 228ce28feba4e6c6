using System.Text.Json.Nodes;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class HoldTests
{
    private static readonly MilestoneKey Publication = new(Milestone.Publication, 0);

    /// <summary>The shipped round with a round-wide hold on publication, and optionally holds for single systems.</summary>
    private static Round Held(string kind, string date, string? systems = null) => TestRound.Parse(r =>
    {
        r.Milestone("publication")["hold"] = new JsonObject { [kind] = date, ["reason"] = "Pre-election period" };
        if (systems is not null)
        {
            r["systems"] = JsonNode.Parse(systems);
        }
    }).GetValueOrThrow("the held round");

    /// <summary>Agreed on Wednesday 20 November: by the count alone publication is due Wednesday 18 December.</summary>
    private static Timeline AgreedThenRun(Round round) =>
        Timeline.Start(round: round)
            .Then(Instance.Draft(London.At(2019, 9, 26, 15)))
            .Then(Instance.Final(London.At(2019, 11, 14, 11)))
            .Then(Instance.Agreed(London.At(2019, 11, 20, 10), version: 1))
            .RunTo(London.At(2020, 3, 31));

    [Fact]
    public void Run_PublicationHeldNotBeforeALaterDate_PromptsAndLadderFollowTheHeldDate()
    {
        const string due = "due 2019-12-20T17:00+00:00";

        var timeline = AgreedThenRun(Held("notBefore", "2019-12-20"));

        Assert.Equal(
            [
                $"Agreed 2019-11-20T10:00+00:00 {due} to Pmo cc National",
                $"Reminder 2019-12-13T09:00+00:00 {due} to Pmo",
                $"Overdue 2019-12-23T09:00+00:00 {due} to Pmo cc RegionalDirector",
                $"EscalationToRegion 2019-12-31T09:00+00:00 {due} to RegionalDirector cc Pmo", // 25 and 26 Dec are not counted
            ],
            timeline.Sent.About(Milestone.Publication).Describe());
        Assert.All(timeline.Sent.About(Milestone.Publication).Where(c => c.IsChaser()), c => Assert.EndsWith("@20191220T1700", c.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_PublicationFixedToAnEarlierDate_PromptsAndLadderFollowTheFixedDate()
    {
        const string due = "due 2019-12-13T17:00+00:00";

        var timeline = AgreedThenRun(Held("fixed", "2019-12-13"));

        Assert.Equal(
            [
                $"Agreed 2019-11-20T10:00+00:00 {due} to Pmo cc National",
                $"Reminder 2019-12-06T09:00+00:00 {due} to Pmo",
                $"Overdue 2019-12-16T09:00+00:00 {due} to Pmo cc RegionalDirector",
                $"EscalationToRegion 2019-12-20T09:00+00:00 {due} to RegionalDirector cc Pmo",
            ],
            timeline.Sent.About(Milestone.Publication).Describe());
    }

    [Fact]
    public void Run_NotBeforeADateTheCountPassesAnyway_SendsExactlyWhatTheUnheldRoundSends()
    {
        var held = AgreedThenRun(Held("notBefore", "2019-12-13"));
        var unheld = AgreedThenRun(TestRound.Round);

        Assert.Equal(unheld.Sent.Select(c => (c.Id, c.At, c.Due)), held.Sent.Select(c => (c.Id, c.At, c.Due)));
    }

    [Theory]
    [InlineData("notBefore", "2019-12-13", 18)] // the count (18 Dec) is later, so it stands
    [InlineData("fixed", "2019-12-13", 13)]     // fixed is fixed, earlier or later
    [InlineData("notBefore", "2019-12-20", 20)]
    [InlineData("fixed", "2019-12-20", 20)]
    public void Due_NotBeforeOrFixed_TheLaterOfTheTwoOrTheFixedDate(string kind, string date, int day)
    {
        var state = AgreedThenRun(TestRound.Round).State;

        Assert.Equal(London.At(2019, 12, day, 17), Timetable.Due(state, Held(kind, date), Publication));
    }

    [Fact]
    public void Due_SystemsOwnHold_StandsInPlaceOfTheRoundWideOneForThatSystemOnly()
    {
        var round = Held("notBefore", "2019-12-20", """{ "E54000006": { "holds": [ { "milestone": "publication", "fixed": "2019-12-13" } ] } }""");
        var state = AgreedThenRun(TestRound.Round).State;
        var neighbour = state with { Id = new InstanceId(Instance.Id.Round, new SystemCode("E54000005")) };

        Assert.Equal(London.At(2019, 12, 13, 17), Timetable.Due(state, round, Publication));
        Assert.Equal(London.At(2019, 12, 20, 17), Timetable.Due(neighbour, round, Publication));
    }

    [Fact]
    public void Due_SystemsOwnEarlierNotBefore_ReplacesTheRoundsRatherThanAddingToIt()
    {
        // The system's own hold (2 Dec) is passed by the count (18 Dec); the round's (20 Dec) no longer applies to it.
        var round = Held("notBefore", "2019-12-20", """{ "E54000006": { "holds": [ { "milestone": "publication", "notBefore": "2019-12-02" } ] } }""");

        Assert.Equal(London.At(2019, 12, 18, 17), Timetable.Due(AgreedThenRun(TestRound.Round).State, round, Publication));
    }

    [Fact]
    public void Run_SystemsOwnHold_ItsPromptsFollowIt()
    {
        var round = Held("notBefore", "2019-12-20", """{ "E54000006": { "holds": [ { "milestone": "publication", "fixed": "2019-12-13" } ] } }""");

        var timeline = AgreedThenRun(round);

        Assert.All(timeline.Sent.About(Milestone.Publication), c => Assert.Equal(London.At(2019, 12, 13, 17), c.Due));
        Assert.Contains(timeline.Sent.About(Milestone.Publication), c => c.Kind == MessageKind.Overdue && c.At == London.At(2019, 12, 16));
    }

    [Fact]
    public void Run_AgreementHeld_EveryPlanVersionsApprovalRequestAndRemindersNameTheHeldDate()
    {
        // By the count a plan sent in on 14 November is due for agreement on 28 November.
        var round = TestRound.Parse(r => r.Milestone("agreement")["hold"] = new JsonObject { ["notBefore"] = "2019-12-06" }).GetValueOrThrow("round");

        var timeline = Timeline.Start(round: round)
            .Then(Instance.Draft(London.At(2019, 9, 26, 15)))
            .Then(Instance.Final(London.At(2019, 11, 14, 11)))
            .RunTo(London.At(2019, 12, 31));

        Assert.Equal(
            [
                "ApprovalRequest 2019-11-14T11:00+00:00 due 2019-12-06T17:00+00:00 to RegionalDirector",
                "Reminder 2019-11-29T09:00+00:00 due 2019-12-06T17:00+00:00 to RegionalDirector",
                "Reminder 2019-12-05T09:00+00:00 due 2019-12-06T17:00+00:00 to RegionalDirector",
                "DueToday 2019-12-06T09:00+00:00 due 2019-12-06T17:00+00:00 to RegionalDirector",
                "Overdue 2019-12-09T09:00+00:00 due 2019-12-06T17:00+00:00 to RegionalDirector",
                "EscalationToNational 2019-12-13T09:00+00:00 due 2019-12-06T17:00+00:00 to National cc RegionalDirector",
            ],
            timeline.Sent.About(Milestone.Agreement, 1).Describe());
    }

    [Fact]
    public void Run_TimetableChangeAddsAHold_RunningInstancesFollowItFromTheChange()
    {
        // The 2019 pre-election period: agreed plans were not to be published until after polling day.
        var changed = London.At(2019, 12, 2, 12);
        var version2 = TestRound.Changed(2, r => r.Milestone("publication")["hold"] = new JsonObject { ["notBefore"] = "2019-12-20" });

        var timeline = Timeline.Start()
            .Then(Instance.Draft(London.At(2019, 9, 26, 15)))
            .Then(Instance.Final(London.At(2019, 11, 14, 11)))
            .Then(Instance.Agreed(London.At(2019, 11, 20, 10), version: 1))
            .RunTo(changed)
            .Follow(version2, changed)
            .RunTo(London.At(2020, 3, 31));

        Assert.Equal(
            [
                "Reminder 2019-12-13T09:00+00:00 due 2019-12-20T17:00+00:00 to Pmo",
                "Overdue 2019-12-23T09:00+00:00 due 2019-12-20T17:00+00:00 to Pmo cc RegionalDirector",
                "EscalationToRegion 2019-12-31T09:00+00:00 due 2019-12-20T17:00+00:00 to RegionalDirector cc Pmo",
            ],
            timeline.Sent.About(Milestone.Publication).Where(c => c.At > changed).Describe());
        Assert.Contains(timeline.Sent, c => c.Kind == MessageKind.TimetableChanged && c.At == changed);
    }

    [Fact]
    public void Run_AgreedAfterTheFixedPublicationDate_IsChasedAtTheNextSendTimeAtTheLadderStepAlreadyReached()
    {
        // Publication is fixed to Monday 2 December; the director agrees on Tuesday 10 December, by when the
        // overdue step (3 Dec) and the step to the region (9 Dec) have both passed: only the latest is sent, at the
        // next morning's send time.
        var round = Held("fixed", "2019-12-02");
        var agreed = London.At(2019, 12, 10, 10);

        var timeline = Timeline.Start(round: round)
            .Then(Instance.Draft(London.At(2019, 9, 26, 15)))
            .Then(Instance.Final(London.At(2019, 11, 14, 11)))
            .Then(Instance.Agreed(agreed, version: 1))
            .RunTo(London.At(2020, 3, 31));

        Assert.Equal(
            [
                "Agreed 2019-12-10T10:00+00:00 due 2019-12-02T17:00+00:00 to Pmo cc National",
                "EscalationToRegion 2019-12-11T09:00+00:00 due 2019-12-02T17:00+00:00 to RegionalDirector cc Pmo",
            ],
            timeline.Sent.About(Milestone.Publication).Describe());
    }

    [Fact]
    public void Due_RoundWithoutHolds_IsTheWorkingDayCountForEverySystem()
    {
        var round = TestRound.Round;
        var opened = London.At(2019, 11, 20, 10);

        Assert.All(Enum.GetValues<Milestone>().Where(m => m.IsRelative()), milestone =>
        {
            Assert.Null(round.HoldOn(milestone, Instance.Id.System));
            Assert.Equal(round.CountedDue(milestone, opened), round.RelativeDue(milestone, opened, Instance.Id.System));
            Assert.Equal(round.CountedDue(milestone, opened), round.RelativeDue(milestone, opened));
        });
    }
}
