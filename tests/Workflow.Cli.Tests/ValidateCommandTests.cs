using System.Text.Json.Nodes;

namespace Workflow.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public void Validate_ShippedRoundAndScenario_ReportsValid()
    {
        var run = CliRun.Of("validate", "--scenario", CliRun.Shipped("scenarios", "2019-20.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("round 2019-20 version 1 is valid: 9 milestones, opens Thu 27 Jun 2019", run.Output);
        Assert.Contains("is valid", run.Output[run.Output.IndexOf("scenario", StringComparison.Ordinal)..]);
        Assert.Equal("", run.Errors);
    }

    [Fact]
    public void Validate_AsItHappenedScenario_ReportsValid()
    {
        var run = CliRun.Of("validate", "--scenario", CliRun.Shipped("scenarios", "2019-20-as-it-happened.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("scenario 'The 2019/20 round as it went: ", run.Output);
        Assert.Equal("", run.Errors);
    }

    [Fact]
    public void Validate_ScenarioWithOverlappingSuspensions_SaysWhichOneEachOverlaps()
    {
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            node["suspensions"] = JsonNode.Parse("""[ { "from": "2019-10-21T09:00", "reason": "national incident" } ]""");
            node["defaults"]!["suspensions"] = JsonNode.Parse("""[ { "from": "2019-08-05T09:00", "to": "2019-08-12T09:00", "reason": "recess" } ]""");
            node["systems"]!["E54000005"] = JsonNode.Parse("""{ "suspensions": [ { "from": "2019-08-09T09:00", "to": "2019-08-16T09:00", "reason": "own" } ] }""");
        });

        var run = CliRun.Of("validate", "--scenario", scenario);

        Assert.Equal(1, run.ExitCode);
        // The shipped system's own suspension, from 14 October to 28 October, now meets the round's.
        Assert.Contains("$.systems.E54000044.suspensions[0]: overlaps the round-wide suspension at $.suspensions[0] (from 2019-10-21T09:00 with no end)", run.Errors);
        Assert.Contains("$.systems.E54000005.suspensions[0]: overlaps the defaults' suspension at $.defaults.suspensions[0] (from 2019-08-05T09:00 to 2019-08-12T09:00)", run.Errors);
    }

    [Fact]
    public void Validate_RoundWithSeveralProblems_ListsEachWithItsPathAndExitsOne()
    {
        var round = CliRun.Changed(CliRun.Shipped("rounds", "2019-20.json"), node =>
        {
            var milestones = node["milestones"]!.AsArray();
            milestones[2]!["due"] = "2019-09-28T17:00";   // a Saturday
            milestones[4]!["due"] = "2019-09-01T17:00";   // final before draft
            node["reminders"]!.AsArray()[0]!["milestone"] = "budget";
            node["ladder"]!.AsArray()[1]!["steps"]!.AsArray()[0]!["workingDaysAfter"] = -1;
        });

        var run = CliRun.Of("validate", "--round", round);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("$.milestones[2].due: Saturday 28 Sep 2019 is not a working day in England", run.Errors);
        Assert.Contains("$.milestones[4].due: 'final' is due 1 Sep 2019 17:00", run.Errors);
        Assert.Contains("$.reminders[0].milestone: unknown milestone 'budget'", run.Errors);
        Assert.Contains("$.ladder[1].steps[0].workingDaysAfter: must be from 0 to", run.Errors);
        Assert.DoesNotContain("Exception", run.Errors + run.Output);
        Assert.DoesNotContain(" at Workflow", run.Errors);
    }

    [Fact]
    public void Validate_RoundWithHolds_SaysWhatIsHeldAndForWhom()
    {
        var round = CliRun.Changed(CliRun.Shipped("rounds", "2019-20.json"), node =>
        {
            node["milestones"]!.AsArray()[7]!["hold"] = new JsonObject { ["notBefore"] = "2019-12-13", ["reason"] = "pre-election period" };
            node["systems"] = JsonNode.Parse("""{ "E54000016": { "holds": [ { "milestone": "publication", "fixed": "2019-12-20" } ] } }""");
        });

        var run = CliRun.Of("validate", "--round", round);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Holds: publication not before Fri 13 Dec 2019 (pre-election period); publication for E54000016 fixed to Fri 20 Dec 2019.", run.Output);
        Assert.Equal("", run.Errors);
    }

    [Fact]
    public void Validate_HoldsThatConflictWithTheTimetable_ListsEachWithItsPathAndReason()
    {
        var round = CliRun.Changed(CliRun.Shipped("rounds", "2019-20.json"), node =>
        {
            var milestones = node["milestones"]!.AsArray();
            milestones[4]!["hold"] = new JsonObject { ["notBefore"] = "2019-11-22" };  // final has a fixed date
            milestones[5]!["hold"] = new JsonObject { ["fixed"] = "2019-11-14" };      // agreement before the final plan is due
            milestones[6]!["hold"] = new JsonObject { ["notBefore"] = "2020-07-01" };  // resubmission after the round
            milestones[7]!["hold"] = new JsonObject { ["notBefore"] = "2019-12-14" };  // a Saturday
        });

        var run = CliRun.Of("validate", "--round", round);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("$.milestones[4].hold: 'final' has a fixed due date, so it cannot be held", run.Errors);
        Assert.Contains("$.milestones[7].hold.notBefore: Saturday 14 Dec 2019 is not a working day in England", run.Errors);
        Assert.Equal("", run.Output);

        // Dates that conflict with the rest of the timetable are checked once the timetable itself is sound.
        var sound = CliRun.Changed(round, node =>
        {
            var milestones = node["milestones"]!.AsArray();
            milestones[4]!.AsObject().Remove("hold");
            milestones[7]!["hold"] = new JsonObject { ["notBefore"] = "2019-12-13" };
        });

        var again = CliRun.Of("validate", "--round", sound);

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("$.milestones[5].hold.fixed: 'agreement' is fixed to Thu 14 Nov 2019 17:00, before it could be done on time: it follows the final plan, which is due Fri 15 Nov 2019 17:00", again.Errors);
        Assert.Contains("$.milestones[6].hold.notBefore: Wed 1 Jul 2020 is outside the round", again.Errors);
        Assert.Equal(2, again.Errors.Trim().Split('\n').Length);
    }

    [Fact]
    public void Validate_HoldForASystemNotInTheDirectory_IsAnError()
    {
        var round = CliRun.Changed(CliRun.Shipped("rounds", "2019-20.json"), node =>
            node["systems"] = JsonNode.Parse("""{ "E54000999": { "holds": [ { "milestone": "publication", "notBefore": "2019-12-13" } ] } }"""));

        var run = CliRun.Of("validate", "--round", round);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: {round}: $.systems.E54000999: no system E54000999 in the directory, so its holds would never apply", run.Errors.Trim());
    }

    [Fact]
    public void Validate_ScenarioWhoseTimetableChangeBreaksTheRound_GivesTheProblemsSimulateGives()
    {
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            node["timetableChanges"] = new JsonArray(new JsonObject
            {
                ["at"] = "2019-10-01T12:00",
                ["due"] = new JsonArray(new JsonObject { ["milestone"] = "final", ["due"] = "2019-11-23T17:00" }),
            });
        });

        var validate = CliRun.Of("validate", "--scenario", scenario);
        var simulate = CliRun.Of("simulate", "--scenario", scenario);

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("$.timetableChanges[0] (round $.milestones[4].due): Saturday 23 Nov 2019 is not a working day", validate.Errors);
        Assert.Equal(simulate.Errors, validate.Errors);
        Assert.Equal("", validate.Output);
    }

    [Fact]
    public void Validate_ScenarioWhoseChangeHoldsAMilestoneTooEarly_SaysWhereAndWhy()
    {
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            node["timetableChanges"] = new JsonArray(new JsonObject
            {
                ["at"] = "2019-11-06T09:00",
                ["holds"] = new JsonArray(new JsonObject { ["milestone"] = "publication", ["fixed"] = "2019-11-29" }),
            });
        });

        var run = CliRun.Of("validate", "--scenario", scenario);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            "$.timetableChanges[0] (round $.milestones[7].hold.fixed): 'publication' is fixed to Fri 29 Nov 2019 17:00, before it could be done on time",
            run.Errors);
    }

    [Fact]
    public void Validate_TimetableChangeThatRunsPastTheCalendar_WarnsAsSimulateDoes()
    {
        // Bank holidays for 2019 and 2020 only: the round as shipped ends in time, but not once the national plan moves a year on.
        var calendar = Path.Combine(Path.GetTempPath(), $"bank-holidays-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(calendar, File.ReadAllLines(CliRun.Shipped("data", "bank-holidays-england-and-wales.csv"))
            .Where(line => !char.IsAsciiDigit(line[0]) || line.StartsWith("2019", StringComparison.Ordinal) || line.StartsWith("2020", StringComparison.Ordinal)));
        var scenario = CliRun.Changed(CliRun.Shipped("scenarios", "2019-20.json"), node =>
        {
            node["timetableChanges"] = new JsonArray(new JsonObject
            {
                ["at"] = "2019-10-01T12:00",
                ["due"] = new JsonArray(new JsonObject { ["milestone"] = "national-plan", ["due"] = "2020-12-31T17:00" }),
            });
        });

        var validate = CliRun.Of("validate", "--calendar", calendar, "--scenario", scenario);
        var simulate = CliRun.Of("simulate", "--calendar", calendar, "--scenario", scenario);

        var warning = $"warning: {scenario}: $.timetableChanges[0] (round $.milestones): relative deadlines can fall as late as";
        Assert.Equal(0, validate.ExitCode);
        Assert.StartsWith(warning, validate.Errors, StringComparison.Ordinal);
        Assert.Contains("past the calendar's bank holidays (to 2020)", validate.Errors);
        Assert.Single(validate.Errors.Trim().Split('\n'));
        Assert.Equal(0, simulate.ExitCode);
        Assert.StartsWith(warning, simulate.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FileThatIsNotJson_SaysWhereAndExitsOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"workflow-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\n  \"id\": \"2019-20\",\n  \"title\": oops\n}");

        var run = CliRun.Of("validate", "--round", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("line 3", run.Errors);
        Assert.Contains("not valid JSON", run.Errors);
    }

    [Fact]
    public void Validate_MissingFile_SaysItCannotBeRead()
    {
        var run = CliRun.Of("validate", "--round", "/nonexistent/round.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: /nonexistent/round.json: cannot be read", run.Errors);
    }

    [Theory]
    [InlineData("--round")]
    [InlineData("--calendar")]
    [InlineData("--scenario")]
    public void Validate_FolderGivenForAFile_SaysItIsAFolder(string option)
    {
        var folder = Path.GetTempPath();

        var run = CliRun.Of("validate", option, folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: {folder}: is a folder, not a file", run.Errors.Trim());
    }

    [Theory]
    [InlineData("--round")]
    [InlineData("--calendar")]
    [InlineData("--data")]
    [InlineData("--scenario")]
    public void Validate_EmptyPath_IsAUsageErrorNamingTheOption(string option)
    {
        var run = CliRun.Of("validate", option, "");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {option} needs a path, not an empty value", run.Errors);
        Assert.DoesNotContain("Exception", run.Errors);
    }

    [Fact]
    public void Validate_GovUkBankHolidaysJson_IsAcceptedAsTheCalendar()
    {
        var events = new JsonArray();
        foreach (var line in File.ReadAllLines(CliRun.Shipped("data", "bank-holidays-england-and-wales.csv")).Skip(1))
        {
            events.Add(new JsonObject { ["title"] = line.Split(',')[1], ["date"] = line.Split(',')[0], ["notes"] = "", ["bunting"] = true });
        }
        var govUk = new JsonObject
        {
            ["england-and-wales"] = new JsonObject { ["division"] = "england-and-wales", ["events"] = events },
            ["scotland"] = new JsonObject { ["division"] = "scotland", ["events"] = new JsonArray() },
        };
        var path = Path.Combine(Path.GetTempPath(), $"bank-holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, govUk.ToJsonString());

        var run = CliRun.Of("validate", "--calendar", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("calendar covers 2019–2027", run.Output);
    }

    [Fact]
    public void Validate_UnknownOption_IsAUsageError()
    {
        var run = CliRun.Of("validate", "--rounds", "x.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rounds", run.Errors);
    }
}
