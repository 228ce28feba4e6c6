using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflow.Cli.Tests;

public sealed class SimulateCommandTests
{
    [Fact]
    public void Simulate_ShippedScenario_PrintsTheSummaryAndWritesTheReport()
    {
        var report = TempFile();

        var run = CliRun.Of("simulate", "--report", report);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("42 systems in 7 regions", run.Output);
        Assert.Contains("Draft (initial) system plan", run.Output);
        Assert.Contains("Fri 27 Sep 2019", run.Output);
        Assert.Contains("National implementation plan (due Tue 31 Dec 2019)", run.Output);
        Assert.Contains("Replaying [", run.Errors);
        Assert.Contains("42/42 systems", run.Errors);

        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        Assert.Equal("2019-20", root.GetProperty("round").GetProperty("id").GetString());
        Assert.Equal(42, root.GetProperty("finalStates").GetArrayLength());
        var commands = root.GetProperty("commands").EnumerateArray().ToList();
        Assert.Equal(commands.Count, root.GetProperty("summary").GetProperty("messages").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Contains($"{commands.Count:N0} messages issued", run.Output);
    }

    [Fact]
    public void Simulate_Report_CarriesTimesWithOffsetsRolesAndAddresses()
    {
        var report = TempFile();
        CliRun.Of("simulate", "--report", report);

        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var commands = json.RootElement.GetProperty("commands").EnumerateArray().ToList();

        // Northamptonshire's draft is six working days late in the scenario: the whole ladder runs.
        var draft = commands.Where(c => c.GetProperty("system").GetString() == "E54000020"
            && c.TryGetProperty("milestone", out var m) && m.GetString() == "draft").ToList();
        var kinds = draft.Select(c => c.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["reminder", "reminder", "reminder", "due-today", "overdue", "escalation-to-region", "escalation-to-national", "submission-received", "regional-feedback"], kinds);
        var national = draft.Single(c => c.GetProperty("kind").GetString() == "escalation-to-national");
        Assert.Equal("2019-10-04T09:00:00+01:00", national.GetProperty("at").GetString());
        Assert.Equal("national", national.GetProperty("to")[0].GetProperty("role").GetString());
        Assert.Contains("planning.national@example.org", national.GetProperty("to")[0].GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["regional-director", "pmo"], national.GetProperty("copy").EnumerateArray().Select(r => r.GetProperty("role").GetString()));

        // Winter time: the final plan's due-today prompt is at 09:00 GMT.
        var dueToday = commands.First(c => c.GetProperty("kind").GetString() == "due-today" && c.GetProperty("milestone").GetString() == "final");
        Assert.Equal("2019-11-15T09:00:00+00:00", dueToday.GetProperty("at").GetString());
    }

    [Fact]
    public void Simulate_TwoRuns_WriteIdenticalReports()
    {
        var first = TempFile();
        var second = TempFile();

        CliRun.Of("simulate", "--report", first);
        CliRun.Of("simulate", "--report", second);

        Assert.Equal(File.ReadAllText(first), File.ReadAllText(second));
    }

    [Fact]
    public void Simulate_ScenarioWithProblems_ListsEveryOneAndRunsNothing()
    {
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            node["systems"]!["E99999999"] = new JsonObject();
            node["defaults"]!["draft"] = new JsonObject { ["workingDaysFromDue"] = "two" };
            node["systems"]!["E54000020"]!["extensions"] = new JsonArray(new JsonObject { ["milestone"] = "budget" });
        });
        var report = TempFile();

        var run = CliRun.Of("simulate", "--scenario", scenario, "--report", report);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("$.systems.E99999999: unknown system 'E99999999'", run.Errors);
        Assert.Contains("$.defaults.draft.workingDaysFromDue: must be a whole number", run.Errors);
        Assert.Contains("$.systems.E54000020.extensions[0].grantedAt: missing", run.Errors);
        Assert.DoesNotContain("Replaying", run.Errors);
        Assert.False(File.Exists(report));
    }

    [Fact]
    public void Simulate_RoundWideTimetableChange_MovesEveryRunningInstance()
    {
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            node["timetableChanges"] = new JsonArray(new JsonObject
            {
                ["at"] = "2019-10-01T12:00",
                ["due"] = new JsonArray(new JsonObject { ["milestone"] = "final", ["due"] = "2019-11-22T17:00" }),
            });
        });
        var report = TempFile();

        var run = CliRun.Of("simulate", "--scenario", scenario, "--report", report);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("timetable version 2", run.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var commands = json.RootElement.GetProperty("commands").EnumerateArray().ToList();
        Assert.Equal(42, commands.Count(c => c.GetProperty("kind").GetString() == "timetable-changed"));
        var finalDueToday = commands.Where(c => c.GetProperty("kind").GetString() == "due-today" && c.GetProperty("milestone").GetString() == "final").ToList();
        Assert.NotEmpty(finalDueToday);
        // E54000044, suspended for ten working days after the change, has the new date moved on by as many.
        Assert.All(finalDueToday, c => Assert.StartsWith(
            c.GetProperty("system").GetString() == "E54000044" ? "2019-12-06T09:00" : "2019-11-22T09:00", c.GetProperty("at").GetString()));
    }

    [Fact]
    public void Simulate_TimetableChangeWithHolds_ReportsEachHoldAndWhomItHeld()
    {
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            node["timetableChanges"] = new JsonArray(new JsonObject
            {
                ["at"] = "2019-11-06T09:00",
                ["holds"] = new JsonArray(
                    new JsonObject { ["milestone"] = "publication", ["notBefore"] = "2020-01-10", ["reason"] = "pre-election period" },
                    new JsonObject { ["milestone"] = "publication", ["system"] = "E54000016", ["fixed"] = "2020-01-31" }),
            });
        });
        var report = TempFile();

        var run = CliRun.Of("simulate", "--scenario", scenario, "--report", report);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(
            "Holds in force at the end:\n"
            + "  publication not before Fri 10 Jan 2020 (pre-election period), since timetable version 2: it set the due date for 40 systems\n"
            + "  publication for E54000016 (The Black Country and West Birmingham) fixed to Fri 31 Jan 2020, since timetable version 2: it set the system's due date\n",
            run.Output.ReplaceLineEndings("\n"));
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var holds = json.RootElement.GetProperty("summary").GetProperty("holds").EnumerateArray().ToList();
        Assert.Equal(2, holds.Count);
        Assert.Equal("not-before", holds[0].GetProperty("kind").GetString());
        Assert.Equal("2020-01-10T17:00:00+00:00", holds[0].GetProperty("due").GetString());
        Assert.Equal(40, holds[0].GetProperty("systemsHeld").GetInt32());
        Assert.Equal("E54000016", holds[1].GetProperty("system").GetString());
        Assert.Equal("fixed", holds[1].GetProperty("kind").GetString());
        var published = json.RootElement.GetProperty("finalStates").EnumerateArray().Single(s => s.GetProperty("system").GetString() == "E54000016");
        Assert.Equal("2020-01-24T10:00:00+00:00", published.GetProperty("completed").GetProperty("publication").GetString());
        Assert.Equal("2020-01-24T10:00:00+00:00", published.GetProperty("publishedAt").GetString());
        Assert.StartsWith("https://", published.GetProperty("publishedUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_ShippedScenario_SaysNothingOfHolds()
    {
        var report = TempFile();

        var run = CliRun.Of("simulate", "--report", report);

        Assert.DoesNotContain("Holds", run.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("holds").GetArrayLength());
        Assert.Equal(1007, json.RootElement.GetProperty("commands").GetArrayLength());
    }

    [Fact]
    public void Simulate_ShippedScenario_ListsTheOneSystemsSuspensionWithTheDaysItGaveBack()
    {
        var report = TempFile();

        var run = CliRun.Of("simulate", "--report", report);

        Assert.Contains(
            "Suspensions:\n"
            + "  E54000044 (Buckinghamshire, Oxfordshire and Berkshire West) from Mon 14 Oct 2019 09:00 to Mon 28 Oct 2019 09:00"
            + " (Interim leadership arrangements while the accountable officer changes.): 10 working days given back\n\n",
            run.Output.ReplaceLineEndings("\n"));
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var suspensions = json.RootElement.GetProperty("summary").GetProperty("suspensions");
        Assert.Equal(0, suspensions.GetProperty("roundWide").GetArrayLength());
        var own = Assert.Single(suspensions.GetProperty("systems").EnumerateArray().ToList());
        Assert.Equal("E54000044", own.GetProperty("system").GetString());
        Assert.Equal("2019-10-14T09:00:00+01:00", own.GetProperty("from").GetString());
        Assert.Equal("2019-10-28T09:00:00+00:00", own.GetProperty("until").GetString());
        Assert.Equal(10, own.GetProperty("workingDaysGivenBack").GetInt32());
        Assert.False(own.GetProperty("roundWide").GetBoolean());
    }

    [Fact]
    public void Simulate_RoundWideSuspension_SaysHowManySystemsItSuspendedAndTheDaysItGaveBack()
    {
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            node["suspensions"] = new JsonArray(new JsonObject { ["from"] = "2019-09-02T09:00", ["to"] = "2019-09-09T09:00", ["reason"] = "national incident" });
            node["systems"]!["E54000038"] = new JsonObject { ["withdrawal"] = new JsonObject { ["at"] = "2019-08-01T12:00", ["reason"] = "Merged." } };
        });
        var report = TempFile();

        var run = CliRun.Of("simulate", "--scenario", scenario, "--report", report);

        Assert.Equal(0, run.ExitCode);
        var output = run.Output.ReplaceLineEndings("\n");
        Assert.Contains(
            "Suspensions:\n"
            + "  the round from Mon 2 Sep 2019 09:00 to Mon 9 Sep 2019 09:00 (national incident): it suspended 41 systems, 5 working days given back\n"
            + "  E54000044 (Buckinghamshire, Oxfordshire and Berkshire West) from Mon 14 Oct 2019 09:00",
            output);
        // The round's suspension is said once, not again for each system it reached.
        Assert.Single(output.Split('\n'), line => line.Contains("national incident", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var suspensions = json.RootElement.GetProperty("summary").GetProperty("suspensions");
        var roundWide = Assert.Single(suspensions.GetProperty("roundWide").EnumerateArray().ToList());
        Assert.Equal("2019-09-09T09:00:00+01:00", roundWide.GetProperty("to").GetString());
        Assert.Equal(41, roundWide.GetProperty("systemsSuspended").GetInt32());
        Assert.Equal(5, roundWide.GetProperty("workingDaysGivenBack").GetInt32());
        var systems = suspensions.GetProperty("systems").EnumerateArray().ToList();
        Assert.Equal(42, systems.Count);
        Assert.Equal(41, systems.Count(s => s.GetProperty("roundWide").GetBoolean()));
        Assert.DoesNotContain(systems, s => s.GetProperty("system").GetString() == "E54000038");
    }

    [Fact]
    public void Simulate_AsItHappened_ReportsTheElectionHoldAndTheOpenSuspension()
    {
        var report = TempFile();

        var run = CliRun.Of("simulate", "--scenario", CliRun.Shipped("scenarios", "2019-20-as-it-happened.json"), "--report", report);

        Assert.Equal(0, run.ExitCode);
        var output = run.Output.ReplaceLineEndings("\n");
        Assert.Contains("(round 2019-20, timetable version 2)", output);
        Assert.Contains("  publication not before Fri 10 Jan 2020 (General election of 12 December 2019: ", output);
        Assert.Contains(
            "Suspensions:\n"
            + "  the round from Tue 17 Mar 2020 09:00, still in force at the end (COVID-19 response: planning paused (letter of 17 March 2020)): it suspended 42 systems\n"
            + "  E54000044 (Buckinghamshire, Oxfordshire and Berkshire West) from Mon 14 Oct 2019 09:00 to Mon 28 Oct 2019 09:00 (Interim leadership arrangements while the accountable officer changes.): 10 working days given back\n\n",
            output);
        Assert.Contains("National implementation plan (due Tue 31 Mar 2020)", output);
        Assert.DoesNotContain("refused", output);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var suspensions = json.RootElement.GetProperty("summary").GetProperty("suspensions");
        var roundWide = Assert.Single(suspensions.GetProperty("roundWide").EnumerateArray().ToList());
        Assert.False(roundWide.TryGetProperty("to", out _));
        Assert.Equal("2020-03-17T09:00:00+00:00", roundWide.GetProperty("from").GetString());
        // Every system's suspension by the round is still open; E54000044's own, in October, ended.
        Assert.All(suspensions.GetProperty("systems").EnumerateArray().Where(s => s.GetProperty("roundWide").GetBoolean()), s => Assert.False(s.TryGetProperty("until", out _)));
        Assert.Single(suspensions.GetProperty("systems").EnumerateArray(), s => s.TryGetProperty("until", out _));
        Assert.DoesNotContain(json.RootElement.GetProperty("commands").EnumerateArray(),
            c => string.CompareOrdinal(c.GetProperty("at").GetString(), "2020-03-17T09:00") >= 0);
        Assert.Equal(3, json.RootElement.GetProperty("finalStates").EnumerateArray().Count(s => s.GetProperty("stage").GetString() == "agreed" && s.GetProperty("suspended").GetBoolean()));
    }

    [Fact]
    public void Simulate_TimetableChangeThatBreaksTheRound_IsRefusedWithTheRoundsProblem()
    {
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            node["timetableChanges"] = new JsonArray(new JsonObject
            {
                ["at"] = "2019-10-01T12:00",
                ["due"] = new JsonArray(new JsonObject { ["milestone"] = "final", ["due"] = "2019-11-23T17:00" }),
            });
        });

        var run = CliRun.Of("simulate", "--scenario", scenario);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("$.timetableChanges[0]", run.Errors);
        Assert.Contains("Saturday 23 Nov 2019 is not a working day", run.Errors);
    }

    [Fact]
    public void Simulate_ReplayThatDoesNotSettle_NamesTheSystemAndWritesNoReport()
    {
        // Thousands of plan versions, each sent back the instant it comes in: more steps than any round needs.
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            var decisions = new JsonArray();
            for (var i = 0; i < 3_000; i++)
            {
                decisions.Add(new JsonObject { ["outcome"] = "changes-requested", ["workingDaysAfterSubmission"] = 0, ["time"] = "00:00" });
            }
            decisions.Add(new JsonObject { ["outcome"] = "agreed", ["workingDaysAfterSubmission"] = 0 });
            node["systems"]!["E54000016"] = new JsonObject { ["decisions"] = decisions, ["resubmission"] = new JsonObject { ["workingDaysFromDue"] = -60 } };
        });
        var report = TempFile();

        var run = CliRun.Of("simulate", "--scenario", scenario, "--report", report);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"error: {scenario}: the replay did not settle within 5,000 steps for E54000016 (The Black Country and West Birmingham)", run.Errors);
        Assert.DoesNotContain("Exception", run.Errors);
        Assert.Equal("", run.Output);
        Assert.False(File.Exists(report));
    }

    [Fact]
    public void Simulate_ReportPathIsAFolder_SaysSoAndRunsNothing()
    {
        var folder = Path.GetTempPath();

        var run = CliRun.Of("simulate", "--report", folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: {folder}: is a folder, not a file", run.Errors.Trim());
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Simulate_ReportPathCannotBeWritten_SaysWhyAndRunsNothing()
    {
        var file = TempFile();
        File.WriteAllText(file, "");
        var report = Path.Combine(file, "report.json");

        var run = CliRun.Of("simulate", "--report", report);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: {report}: cannot be written (", run.Errors, StringComparison.Ordinal);
        Assert.Single(run.Errors.Trim().Split('\n'));
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("--scenario")]
    [InlineData("--report")]
    public void Simulate_EmptyPath_IsAUsageErrorAndRunsNothing(string option)
    {
        var run = CliRun.Of("simulate", option, "");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {option} needs a path, not an empty value", run.Errors);
        Assert.DoesNotContain("Replaying", run.Errors);
        Assert.Equal("", run.Output);
    }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"workflow-report-{Guid.NewGuid():N}.json");
}
