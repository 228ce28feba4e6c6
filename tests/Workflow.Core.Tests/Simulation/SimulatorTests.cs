using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Simulation;

public sealed class SimulatorTests
{
    private static readonly SystemDirectory Directory = TestDirectory.Parse().GetValueOrThrow("the shipped directory");

    private static Scenario Scenario(Action<JsonObject>? change = null)
    {
        var node = JsonNode.Parse(TestFiles.Read("scenarios", "2019-20.json"))!.AsObject();
        change?.Invoke(node);
        return ScenarioParser.Parse(node.ToJsonString(), TestRound.Round, Directory).GetValueOrThrow("the scenario");
    }

    private static SimulationResult Run(Scenario scenario) => Simulator.Run([TestRound.Round], scenario, Directory);

    private static InstanceRun For(SimulationResult result, string system) => result.Runs.Single(r => r.System.Code.Value == system);

    [Fact]
    public void Run_ShippedScenario_EveryRunIsTheSame()
    {
        var first = Run(Scenario());
        var second = Run(Scenario());

        Assert.Equal(
            first.Runs.SelectMany(r => r.Commands).Select(c => (c.Id, c.At)),
            second.Runs.SelectMany(r => r.Commands).Select(c => (c.Id, c.At)));
        Assert.Equal(first.Runs.Select(r => r.Final.Version), second.Runs.Select(r => r.Final.Version));
    }

    [Fact]
    public void Run_ShippedScenario_SystemsEndWhereTheirScriptsLeadThem()
    {
        var result = Run(Scenario());

        Assert.Equal(Stage.Agreed, For(result, "E54000021").Final.Stage);                 // never publishes
        Assert.Equal(3, For(result, "E54000016").Final.PlanVersion);                       // sent back twice
        Assert.Equal(LadderLevel.National, For(result, "E54000020").Final.Escalations[new MilestoneKey(Milestone.Draft, 0)]);
        var devon = Assessment.Assess(For(result, "E54000037").Final, result.Round, Milestone.Final, DateTimeOffset.MaxValue);
        Assert.Equal(Standing.OnTime, devon.Standing);                                     // on time against its extension
        Assert.All(result.Runs, run => Assert.Empty(run.Refusals));
    }

    [Fact]
    public void Run_ScriptedExtensionTheWorkflowRefuses_IsReportedAndTheReplayGoesOn()
    {
        var scenario = Scenario(node => node["systems"]!["E54000013"] = new JsonObject
        {
            ["extensions"] = new JsonArray(new JsonObject
            {
                ["milestone"] = "draft",
                ["grantedAt"] = "2019-09-20T10:00",
                ["newDue"] = "2019-09-28T17:00",
                ["reason"] = "Board meeting moved.",
                ["grantedBy"] = "Midlands regional director",
            }),
        });

        var run = For(Run(scenario), "E54000013");

        var refusal = Assert.Single(run.Refusals);
        Assert.Contains("Saturday 28 Sep 2019 is not a working day", refusal);
        Assert.Equal(Stage.Published, run.Final.Stage);
    }

    [Fact]
    public void Run_WithdrawnSystem_GetsNothingAfterItsWithdrawal()
    {
        var withdrawnAt = TestRound.Calendar.ToInstant(new DateTime(2019, 8, 1, 12, 0, 0));
        var scenario = Scenario(node => node["systems"]!["E54000038"] = new JsonObject
        {
            ["withdrawal"] = new JsonObject { ["at"] = "2019-08-01T12:00", ["reason"] = "Merged into a neighbouring system." },
        });

        var run = For(Run(scenario), "E54000038");

        Assert.Equal(Stage.Withdrawn, run.Final.Stage);
        Assert.DoesNotContain(run.Commands, c => c.At > withdrawnAt);
        Assert.Equal(Standing.None, Assessment.Assess(run.Final, TestRound.Round, Milestone.Draft, DateTimeOffset.MaxValue).Standing);
    }

    [Fact]
    public void Run_SuspendedOverItsPeerReviewDeadline_ItsDatesMoveOnByTheTenWorkingDaysSuspended()
    {
        // Buckinghamshire, Oxfordshire and Berkshire West is suspended from Monday 14 October to Monday 28 October at
        // 9:00, over its peer-review deadline (Friday 25 October): nothing is overdue when it resumes; its peer review is
        // due on Friday 8 November and its final plan on Friday 29 November, and it is chased towards those dates.
        var run = For(Run(Scenario()), "E54000044");

        Assert.DoesNotContain(run.Commands, c => c.Milestone == Milestone.PeerReview && c.Level != LadderLevel.None);
        Assert.Contains(run.Commands, c => c.Id == "2019-20|E54000044/peer-review/due-today@20191108T1700");
        Assert.Contains(run.Commands, c => c.Id == "2019-20|E54000044/final/due-today@20191129T1700");
        Assert.DoesNotContain(run.Commands, c => c.At >= TestRound.Calendar.ToInstant(new DateTime(2019, 10, 14, 9, 0, 0))
            && c.At < TestRound.Calendar.ToInstant(new DateTime(2019, 10, 28, 9, 0, 0)));
    }

    [Fact(Timeout = 60_000)]
    public async Task Run_ScriptThatNeverLetsASystemFinish_NamesTheSystemInsteadOfRunningForEver()
    {
        // The parser refuses decisions that end in changes-requested; built directly, with no delays, such a
        // script has the plan sent back and resubmitted at one instant, again and again.
        var shipped = Scenario();
        var code = new SystemCode("E54000016");
        var stuck = shipped.For(code) with
        {
            Decisions = [new ScriptedDecision(Outcome.ChangesRequested, new AfterEvent(0, new TimeOnly(9, 0)), "Again, please.")],
            Resubmission = new FromDue(-60, new TimeOnly(9, 0)),
        };
        var scenario = shipped with { Systems = new Dictionary<SystemCode, SystemBehaviour>(shipped.Systems) { [code] = stuck }.ToFrozenDictionary() };

        var thrown = await Assert.ThrowsAsync<ReplayNotSettledException>(() => Task.Run(() => Run(scenario)));

        Assert.Equal("the replay did not settle within 5,000 steps for E54000016 (The Black Country and West Birmingham)", thrown.Message);
    }

    [Fact]
    public void Timetables_RoundFileWithCommentsAndTrailingCommas_ReadsItAsTheRoundParserDoes()
    {
        var json = "// The shipped round, annotated.\n" + TestRound.Json.TrimEnd()[..^1].TrimEnd() + ",\n}";
        var round = RoundParser.Parse(json, TestRound.Calendar).GetValueOrThrow("the annotated round");
        var scenario = Scenario(node => node["timetableChanges"] = new JsonArray(new JsonObject
        {
            ["at"] = "2019-10-01T12:00",
            ["due"] = new JsonArray(new JsonObject { ["milestone"] = "final", ["due"] = "2019-11-22T17:00" }),
        }));

        var timetables = Simulator.Timetables(json, round, scenario).GetValueOrThrow("the timetables");

        Assert.Equal([1, 2], timetables.Select(r => r.Version));
        Assert.Equal(TestRound.Calendar.ToInstant(new DateTime(2019, 11, 22, 17, 0, 0)), timetables[1].FixedDue(Milestone.Final));
    }

    [Fact]
    public void Run_ShippedScenario_IssuesTheSame1007Commands()
    {
        // The shipped round has no holds; the replay the host is checked against must not move for a round without them.
        var result = Run(Scenario());

        Assert.Equal(1007, result.Runs.Sum(r => r.Commands.Length));
        Assert.Empty(Summary.Of(result, Directory).Holds);
    }

    /// <summary>
    /// The election: from 6 November publication is held until the new year; the Black Country's, agreed on Christmas
    /// Eve and so due by the count on 24 January, is fixed a week later still.
    /// </summary>
    private static Scenario Election(Action<JsonArray>? change = null) => Scenario(node =>
    {
        var holds = new JsonArray(
            new JsonObject { ["milestone"] = "publication", ["notBefore"] = "2020-01-10", ["reason"] = "Pre-election period" },
            new JsonObject { ["milestone"] = "publication", ["system"] = "E54000016", ["fixed"] = "2020-01-31" });
        change?.Invoke(holds);
        node["timetableChanges"] = new JsonArray(new JsonObject { ["at"] = "2019-11-06T09:00", ["holds"] = holds });
    });

    private static SimulationResult RunWithChanges(Scenario scenario) =>
        Simulator.Run(Simulator.Timetables(TestRound.Json, TestRound.Round, scenario).GetValueOrThrow("the timetables"), scenario, Directory);

    [Fact]
    public void Timetables_ChangeWithHolds_MakesARoundVersionThatHoldsThem()
    {
        var timetables = Simulator.Timetables(TestRound.Json, TestRound.Round, Election()).GetValueOrThrow("the timetables");

        Assert.Equal([1, 2], timetables.Select(r => r.Version));
        Assert.Null(timetables[0].HoldOn(Milestone.Publication, new SystemCode("E54000016")));
        Assert.Equal(new MilestoneHold(HoldKind.NotBefore, new DateOnly(2020, 1, 10), "Pre-election period"), timetables[1].HoldOn(Milestone.Publication, new SystemCode("E54000005")));
        Assert.Equal(new MilestoneHold(HoldKind.Fixed, new DateOnly(2020, 1, 31)), timetables[1].HoldOn(Milestone.Publication, new SystemCode("E54000016")));
    }

    [Fact]
    public void Timetables_LaterChangeHoldsTheSameSystemAgain_ReplacesItsHold()
    {
        var scenario = Scenario(node => node["timetableChanges"] = new JsonArray(
            new JsonObject { ["at"] = "2019-11-06T09:00", ["holds"] = new JsonArray(new JsonObject { ["milestone"] = "publication", ["system"] = "E54000016", ["fixed"] = "2020-01-24" }) },
            new JsonObject { ["at"] = "2019-12-13T09:00", ["holds"] = new JsonArray(new JsonObject { ["milestone"] = "publication", ["system"] = "E54000016", ["notBefore"] = "2020-01-17" }) }));

        var timetables = Simulator.Timetables(TestRound.Json, TestRound.Round, scenario).GetValueOrThrow("the timetables");

        Assert.Equal(new MilestoneHold(HoldKind.NotBefore, new DateOnly(2020, 1, 17)), timetables[2].HoldOn(Milestone.Publication, new SystemCode("E54000016")));
        Assert.Single(timetables[2].Definition.SystemHolds[new SystemCode("E54000016")]);
    }

    [Fact]
    public void Timetables_HeldToANonWorkingDay_ReportsItUnderTheChange()
    {
        var scenario = Election(holds => holds[0]!["notBefore"] = "2020-01-11");

        var loaded = Simulator.Timetables(TestRound.Json, TestRound.Round, scenario);

        Assert.Null(loaded.Value);
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal("$.timetableChanges[0] (round $.milestones[7].hold.notBefore)", problem.Path);
        Assert.Equal("Saturday 11 Jan 2020 is not a working day in England", problem.Message);
    }

    [Fact]
    public void Run_PublicationHeldByAChange_SystemsPublishAgainstTheHeldDate()
    {
        var result = RunWithChanges(Election());

        // Derbyshire is agreed in November, so by the count alone its plan would be due for publication before Christmas;
        // it publishes five working days before the held date, and every publication prompt after the change names it.
        var derbyshire = For(result, "E54000012");
        Assert.Equal(TestRound.Calendar.ToInstant(new DateTime(2020, 1, 3, 10, 0, 0)), derbyshire.Final.Completed[new MilestoneKey(Milestone.Publication, 0)]);
        Assert.All(derbyshire.Commands.Where(c => c.Milestone == Milestone.Publication),
            c => Assert.Equal(TestRound.Calendar.ToInstant(new DateTime(2020, 1, 10, 17, 0, 0)), c.Due));
        var blackCountry = For(result, "E54000016");
        Assert.Equal(TestRound.Calendar.ToInstant(new DateTime(2020, 1, 24, 10, 0, 0)), blackCountry.Final.Completed[new MilestoneKey(Milestone.Publication, 0)]);
    }

    [Fact]
    public void Summary_PublicationHeldByAChange_ReportsEachHoldAndWhomItHeld()
    {
        var result = RunWithChanges(Election());

        var holds = Summary.Of(result, Directory).Holds;

        Assert.Equal(2, holds.Length);
        Assert.Equal((Milestone.Publication, (SystemCode?)null, 2), (holds[0].Milestone, holds[0].System, holds[0].SinceVersion));
        Assert.Equal((new SystemCode("E54000016"), 1), (holds[1].System, holds[1].SystemsHeld));
        // Every system but the one with its own hold, less Dorset (E54000041): sent back once and agreed on 13 December, its plan
        // is due for publication by the count on 15 January, past the held date.
        Assert.Equal(40, holds[0].SystemsHeld);
    }

    [Fact]
    public void Summary_ShippedScenario_CountsAgreeWithTheRuns()
    {
        var result = Run(Scenario());

        var summary = Summary.Of(result, Directory);

        Assert.Equal(result.Runs.Sum(r => r.Commands.Length), summary.MessageCount);
        Assert.Equal(42, summary.Stages.Values.Sum());
        var draft = summary.ByMilestone[Milestone.Draft];
        Assert.Equal(42, draft.OnTime + draft.Late + draft.Missed + draft.Pending);
        Assert.Equal(summary.ByMilestone[Milestone.Draft].Late, summary.ByRegion.Sum(r => r.ByMilestone[Milestone.Draft].Late));
        Assert.True(summary.NationalPlan.Ready);
    }

    [Theory]
    [InlineData("""{"round":"2018-19","title":"t"}""", "$.round", "the scenario is for round '2018-19'")]
    [InlineData("""{"round":"2019-20"}""", "$.title", "missing")]
    [InlineData("""{"round":"2019-20","title":"t","defaults":{"final":{"workingDaysFromDue":99}}}""", "$.defaults.final.workingDaysFromDue", "must be from -60 to 60")]
    [InlineData("""{"round":"2019-20","title":"t","defaults":{"decisions":[{"outcome":"maybe","workingDaysAfterSubmission":1}]}}""", "$.defaults.decisions[0].outcome", "unknown outcome 'maybe'")]
    [InlineData("""{"round":"2019-20","title":"t","defaults":{"decisions":[{"outcome":"agreed","workingDaysAfterSubmission":1},{"outcome":"changes-requested","workingDaysAfterSubmission":1}]}}""", "$.defaults.decisions[1].outcome", "the last decision repeats for every later plan version, so it must be 'agreed' or 'none'")]
    [InlineData("""{"round":"2019-20","title":"t","systems":{"E54000016":{"decisions":[{"outcome":"changes-requested","workingDaysAfterSubmission":0}]}}}""", "$.systems.E54000016.decisions[0].outcome", "must be 'agreed' or 'none'")]
    [InlineData("""{"round":"2019-20","title":"t","systems":{"E54000005":{"suspensions":[{"from":"2019-10-02T09:00","to":"2019-10-01T09:00","reason":"r"}]}}}""", "$.systems.E54000005.suspensions[0].to", "must end after it starts")]
    [InlineData("""{"round":"2019-20","title":"t","timetableChanges":[{"at":"2019-10-01T09:00","due":[{"milestone":"agreement","due":"2019-12-02T17:00"}]}]}""", "$.timetableChanges[0].due[0].milestone", "not a fixed milestone")]
    [InlineData("""{"round":"2019-20","title":"t","dfaults":{}}""", "$.dfaults", "unknown property")]
    [InlineData("""{"round":"2019-20","title":"t","timetableChanges":[{"at":"2019-11-06T09:00"}]}""", "$.timetableChanges[0].due", "missing")]
    [InlineData("""{"round":"2019-20","title":"t","timetableChanges":[{"at":"2019-11-06T09:00","holds":[{"milestone":"final","notBefore":"2019-11-22"}]}]}""", "$.timetableChanges[0].holds[0].milestone", "'final' has a fixed due date, so it cannot be held")]
    [InlineData("""{"round":"2019-20","title":"t","timetableChanges":[{"at":"2019-11-06T09:00","holds":[{"milestone":"publish","notBefore":"2019-12-13"}]}]}""", "$.timetableChanges[0].holds[0].milestone", "'publish' is not a milestone of round 2019-20")]
    [InlineData("""{"round":"2019-20","title":"t","timetableChanges":[{"at":"2019-11-06T09:00","holds":[{"milestone":"publication","system":"E54000999","notBefore":"2019-12-13"}]}]}""", "$.timetableChanges[0].holds[0].system", "unknown system 'E54000999'")]
    [InlineData("""{"round":"2019-20","title":"t","timetableChanges":[{"at":"2019-11-06T09:00","holds":[{"milestone":"publication","notBefore":"2019-12-13","fixed":"2019-12-20"}]}]}""", "$.timetableChanges[0].holds[0].fixed", "give notBefore or fixed, not both")]
    [InlineData("""{"round":"2019-20","title":"t","timetableChanges":[{"at":"2019-11-06T09:00","holds":[{"milestone":"publication","notBefore":"2019-12-13"},{"milestone":"publication","fixed":"2019-12-20"}]}]}""", "$.timetableChanges[0].holds[1].milestone", "'publication' is held twice in this change")]
    public void Parse_BadScenario_SaysWhereAndWhy(string json, string path, string message)
    {
        var loaded = ScenarioParser.Parse(json, TestRound.Round, Directory);

        Assert.Null(loaded.Value);
        Assert.Contains(loaded.Problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }
}
