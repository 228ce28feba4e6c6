using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Simulation;

/// <summary>Suspensions in a scenario: open-ended, added to the defaults', round-wide, and what the summary says of them.</summary>
public sealed class ScenarioSuspensionTests
{
    private static readonly SystemDirectory Directory = TestDirectory.Parse().GetValueOrThrow("the shipped directory");

    private static Scenario Scenario(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(TestFiles.Read("scenarios", "2019-20.json"))!.AsObject();
        change(node);
        return ScenarioParser.Parse(node.ToJsonString(), TestRound.Round, Directory).GetValueOrThrow("the scenario");
    }

    private static SimulationResult Run(Scenario scenario) =>
        Simulator.Run(Simulator.Timetables(TestRound.Json, TestRound.Round, scenario).GetValueOrThrow("the timetables"), scenario, Directory);

    private static InstanceRun For(SimulationResult result, string system) => result.Runs.Single(r => r.System.Code.Value == system);

    private static DateTimeOffset At(int year, int month, int day, int hour) => TestRound.Calendar.ToInstant(new DateTime(year, month, day, hour, 0, 0));

    private static JsonObject Suspension(string from, string? to, string reason = "Pause")
    {
        var suspension = new JsonObject { ["from"] = from, ["reason"] = reason };
        if (to is not null)
        {
            suspension["to"] = to;
        }
        return suspension;
    }

    /// <summary>The whole round suspended from <paramref name="from"/> to <paramref name="to"/>, and any timetable changes given.</summary>
    private static Scenario RoundSuspended(string from, string? to, params JsonObject[] changes) => Scenario(node =>
    {
        node["suspensions"] = new JsonArray(Suspension(from, to, "National incident"));
        if (changes.Length > 0)
        {
            node["timetableChanges"] = new JsonArray(changes);
        }
    });

    [Fact]
    public void Parse_SystemWithItsOwnSuspension_KeepsTheDefaultsOnesToo()
    {
        var scenario = Scenario(node =>
        {
            node["defaults"]!["suspensions"] = new JsonArray(Suspension("2019-08-05T09:00", "2019-08-12T09:00", "Summer recess"));
            node["systems"]!["E54000005"] = new JsonObject { ["suspensions"] = new JsonArray(Suspension("2019-10-01T09:00", null, "Merger talks")) };
        });

        Assert.Equal(
            [new ScriptedSuspension(new DateTime(2019, 8, 5, 9, 0, 0), new DateTime(2019, 8, 12, 9, 0, 0), "Summer recess"),
             new ScriptedSuspension(new DateTime(2019, 10, 1, 9, 0, 0), null, "Merger talks")],
            scenario.For(new SystemCode("E54000005")).Suspensions.AsEnumerable());
        Assert.Single(scenario.For(new SystemCode("E54000006")).Suspensions);
        // The shipped system with a suspension of its own has the defaults' as well.
        Assert.Equal(2, scenario.For(new SystemCode("E54000044")).Suspensions.Length);
    }

    [Fact]
    public void Parse_SuspensionsThatMeetWithoutOverlapping_AreAccepted()
    {
        var loaded = ScenarioParser.Parse(
            """
            {"round":"2019-20","title":"t",
             "suspensions":[{"from":"2019-10-28T09:00","to":"2019-11-04T09:00","reason":"round"}],
             "defaults":{"suspensions":[{"from":"2019-10-21T09:00","to":"2019-10-28T09:00","reason":"defaults"}]},
             "systems":{"E54000005":{"suspensions":[{"from":"2019-11-04T09:00","reason":"own, to the end"}]}}}
            """,
            TestRound.Round, Directory);

        Assert.Empty(loaded.Problems);
        Assert.Null(loaded.Value!.For(new SystemCode("E54000005")).Suspensions[^1].To);
        Assert.Equal(new ScriptedSuspension(new DateTime(2019, 10, 28, 9, 0, 0), new DateTime(2019, 11, 4, 9, 0, 0), "round"), Assert.Single(loaded.Value.Suspensions));
    }

    [Theory]
    [InlineData("""{"round":"2019-20","title":"t","defaults":{"suspensions":[{"from":"2019-10-14T09:00","to":"2019-10-28T09:00","reason":"d"}]},"systems":{"E54000005":{"suspensions":[{"from":"2019-10-21T09:00","to":"2019-11-04T09:00","reason":"own"}]}}}""",
        "$.systems.E54000005.suspensions[0]", "overlaps the defaults' suspension at $.defaults.suspensions[0] (from 2019-10-14T09:00 to 2019-10-28T09:00)")]
    [InlineData("""{"round":"2019-20","title":"t","suspensions":[{"from":"2020-03-17T09:00","reason":"r"}],"systems":{"E54000005":{"suspensions":[{"from":"2020-04-01T09:00","to":"2020-04-08T09:00","reason":"own"}]}}}""",
        "$.systems.E54000005.suspensions[0]", "overlaps the round-wide suspension at $.suspensions[0] (from 2020-03-17T09:00 with no end)")]
    [InlineData("""{"round":"2019-20","title":"t","suspensions":[{"from":"2019-10-14T09:00","to":"2019-10-28T09:00","reason":"r"}],"defaults":{"suspensions":[{"from":"2019-10-01T09:00","reason":"d"}]}}""",
        "$.defaults.suspensions[0]", "overlaps the round-wide suspension at $.suspensions[0]")]
    [InlineData("""{"round":"2019-20","title":"t","suspensions":[{"from":"2019-10-14T09:00","to":"2019-10-28T09:00","reason":"r"},{"from":"2019-10-25T09:00","to":"2019-11-01T09:00","reason":"r"}]}""",
        "$.suspensions[1]", "overlaps the round-wide suspension at $.suspensions[0]")]
    [InlineData("""{"round":"2019-20","title":"t","systems":{"E54000005":{"suspensions":[{"from":"2019-10-14T09:00","reason":"a"},{"from":"2019-11-14T09:00","to":"2019-11-15T09:00","reason":"b"}]}}}""",
        "$.systems.E54000005.suspensions[1]", "overlaps this system's suspension at $.systems.E54000005.suspensions[0]")]
    [InlineData("""{"round":"2019-20","title":"t","suspensions":[{"from":"2019-10-14T09:00","to":"2019-10-14T09:00","reason":"r"}]}""",
        "$.suspensions[0].to", "a suspension must end after it starts")]
    [InlineData("""{"round":"2019-20","title":"t","suspensions":[{"from":"2019-10-14T09:00"}]}""",
        "$.suspensions[0].reason", "missing")]
    [InlineData("""{"round":"2019-20","title":"t","suspensions":[{"from":"2019-10-14T09:00","reason":"r","by":"me"}]}""",
        "$.suspensions[0].by", "unknown property")]
    public void Parse_BadSuspension_SaysWhereAndWhy(string json, string path, string message)
    {
        var loaded = ScenarioParser.Parse(json, TestRound.Round, Directory);

        Assert.Null(loaded.Value);
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SystemSuspensionWithNoEnd_LeavesItSuspendedWithNothingSentAfter()
    {
        var from = At(2019, 11, 1, 9);
        var scenario = Scenario(node => node["systems"]!["E54000005"] = new JsonObject
        {
            ["suspensions"] = new JsonArray(Suspension("2019-11-01T09:00", null, "Leadership vacancy")),
        });

        var run = For(Run(scenario), "E54000005");

        Assert.True(run.Final.IsSuspended);
        Assert.Equal(new Pause(from, "national team", "Leadership vacancy"), Assert.Single(run.Final.Pauses));
        Assert.DoesNotContain(run.Commands, c => c.At >= from);
        Assert.Equal(Stage.FinalDue, run.Final.Stage);
    }

    [Fact]
    public void Run_RoundWideSuspension_SuspendsEveryRunningSystemAndResumesThemAtItsEnd()
    {
        // Withdrawn before the suspension, Somerset is not suspended; every other system is, for five working days.
        var scenario = Scenario(node =>
        {
            node["suspensions"] = new JsonArray(Suspension("2019-09-02T09:00", "2019-09-09T09:00", "National incident"));
            node["systems"]!["E54000038"] = new JsonObject { ["withdrawal"] = new JsonObject { ["at"] = "2019-08-01T12:00", ["reason"] = "Merged." } };
        });

        var result = Run(scenario);

        var from = At(2019, 9, 2, 9);
        var to = At(2019, 9, 9, 9);
        Assert.Empty(For(result, "E54000038").Final.Pauses);
        var running = result.Runs.Where(r => r.System.Code.Value != "E54000038").ToList();
        Assert.Equal(41, running.Count);
        Assert.All(running, run =>
        {
            Assert.Contains(new Pause(from, "national team", "National incident", to), run.Final.Pauses);
            Assert.DoesNotContain(run.Commands, c => c.At >= from && c.At < to);
            Assert.Equal(0, Assert.Single(run.RoundSuspensions));
        });
        // The draft, due on Friday 27 September, is due five working days later, on Friday 4 October, and the
        // reminders count to that date.
        Assert.Contains(For(result, "E54000005").Commands, c => c.Id == "2019-20|E54000005/draft/remind-5@20191004T1600");
        var summary = Summary.Of(result, Directory);
        Assert.Equal(new RoundSuspensionStanding(from, to, "National incident", 41, 5), Assert.Single(summary.RoundSuspensions));
        Assert.Contains(new SystemSuspension(new SystemCode("E54000005"), from, to, "National incident", 5, RoundWide: true), summary.SystemSuspensions);
    }

    [Fact]
    public void Run_SystemSuspendedOnItsOwnWhenTheRoundIsSuspended_StaysSuspendedUntilItsOwnEnd()
    {
        // The parser refuses the overlap; built directly, the replay does as the service does: the system suspended on its
        // own already (E54000044, 14 to 28 October) is not suspended by the round, nor resumed when the round resumes.
        var shipped = Scenario(_ => { });
        var scenario = shipped with
        {
            Suspensions = [new ScriptedSuspension(new DateTime(2019, 10, 21, 9, 0, 0), new DateTime(2019, 10, 25, 9, 0, 0), "National incident")],
        };

        var result = Run(scenario);

        var own = For(result, "E54000044");
        Assert.Equal(new Pause(At(2019, 10, 14, 9), "national team", "Interim leadership arrangements while the accountable officer changes.", At(2019, 10, 28, 9)),
            Assert.Single(own.Final.Pauses));
        Assert.Empty(own.RoundSuspensions);
        Assert.DoesNotContain(own.Commands, c => c.At >= At(2019, 10, 14, 9) && c.At < At(2019, 10, 28, 9));
        Assert.Empty(own.Refusals);
        Assert.Equal(41, Assert.Single(Summary.Of(result, Directory).RoundSuspensions).SystemsSuspended);
    }

    [Fact]
    public void Run_RoundResumedOnANewTimetable_TakesTheChangeBeforeTheResumption()
    {
        // Suspended from 9:00 on the final plan's due day, Friday 15 November, to Monday 18 November: resumed on the old
        // timetable, the final plan would be due that Monday, and its due-today prompt would go as the round resumes.
        var resumedAlone = Run(RoundSuspended("2019-11-15T09:00", "2019-11-18T09:00"));
        Assert.Contains(For(resumedAlone, "E54000005").Commands, c => c.Id == "2019-20|E54000005/final/due-today@20191118T1700");

        // With a new timetable at the same instant, the change is taken first, so the system resumes on it: the final
        // plan is due on the date the change names, not moved on by the day suspended, and nothing goes for the old date.
        var change = new JsonObject
        {
            ["at"] = "2019-11-18T09:00",
            ["due"] = new JsonArray(new JsonObject { ["milestone"] = "final", ["due"] = "2019-11-29T17:00" }),
        };
        var result = Run(RoundSuspended("2019-11-15T09:00", "2019-11-18T09:00", change));

        var run = For(result, "E54000005");
        Assert.Equal(At(2019, 11, 29, 17), Timetable.Due(run.Final, result.Round, new MilestoneKey(Milestone.Final, 0)));
        Assert.DoesNotContain(run.Commands, c => c.Id.Contains("final/due-today@20191118", StringComparison.Ordinal));
        Assert.Contains(run.Commands, c => c.Id == "2019-20|E54000005/final/due-today@20191129T1700");
        var resumedAt = run.Commands.Where(c => c.At == At(2019, 11, 18, 9)).ToList();
        Assert.Contains(resumedAt, c => c.Kind == MessageKind.TimetableChanged);
        Assert.All(resumedAt.Where(c => c.Milestone == Milestone.Final), c => Assert.Equal(At(2019, 11, 29, 17), c.Due));
        Assert.Equal(At(2019, 11, 29, 14), run.Final.Completed[new MilestoneKey(Milestone.Final, 0)]);
    }

    [Fact]
    public void Summary_ShippedScenario_ListsTheOneSystemsSuspensionAndNoRoundWideOne()
    {
        var scenario = Scenario(_ => { });

        var summary = Summary.Of(Simulator.Run([TestRound.Round], scenario, Directory), Directory);

        Assert.Empty(summary.RoundSuspensions);
        Assert.Equal(
            new SystemSuspension(new SystemCode("E54000044"), At(2019, 10, 14, 9), At(2019, 10, 28, 9),
                "Interim leadership arrangements while the accountable officer changes.", 10, RoundWide: false),
            Assert.Single(summary.SystemSuspensions));
    }
}
