using System.Text.Json.Nodes;
using Workflow.Core.Calendar;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Rounds;

public sealed class RoundParserTests
{
    /// <summary>One change to the shipped round each, and the one problem it must produce.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Change, string Path, string Message)> BadFiles = new()
    {
        ["final due before peer review closes"] = (r => r.Milestone("final")["due"] = "2019-10-21T17:00",
            "$.milestones[4].due", "'final' is due 21 Oct 2019 17:00, which is not after 'peer-review' (25 Oct 2019 17:00)"),
        ["footprint due before the round opens"] = (r => r.Milestone("footprint")["due"] = "2019-06-26T17:00",
            "$.milestones[0].due", "which is not after the round's opening (27 Jun 2019 09:00)"),
        ["peer review opens before the draft is due"] = (r => r.Milestone("peer-review")["opens"] = "2019-09-26T09:00",
            "$.milestones[3].opens", "before the draft is due (27 Sep 2019 17:00)"),
        ["peer review opens after it closes"] = (r => r.Milestone("peer-review")["opens"] = "2019-10-28T09:00",
            "$.milestones[3].opens", "must open before it closes"),
        ["unknown milestone id"] = (r => r.Milestone("national-plan")["id"] = "national-strategy",
            "$.milestones[8].id", "unknown milestone 'national-strategy'"),
        ["milestone defined twice"] = (r => r["milestones"]!.AsArray().Add(r.Milestone("draft").DeepClone()),
            "$.milestones[9].id", "milestone 'draft' is defined twice"),
        ["unknown milestone in a reminder"] = (r => r.Rule("reminders", "draft")["milestone"] = "drafts",
            "$.reminders[2].milestone", "unknown milestone 'drafts'"),
        ["unknown milestone in a ladder rule"] = (r => r.Rule("ladder", "final")["milestone"] = "finale",
            "$.ladder[3].milestone", "unknown milestone 'finale'"),
        ["reminder for the national plan"] = (r => r["reminders"]!.AsArray().Add(JsonNode.Parse("""{ "milestone": "national-plan", "workingDaysBefore": [5] }""")),
            "$.reminders[8].milestone", "the national team's own milestone"),
        ["two reminder rules for one milestone"] = (r => r["reminders"]!.AsArray().Add(r.Rule("reminders", "draft").DeepClone()),
            "$.reminders[8].milestone", "'draft' has a rule of this kind already"),
        ["negative reminder offset"] = (r => r.Rule("reminders", "draft")["workingDaysBefore"] = new JsonArray(10, -5, 1),
            "$.reminders[2].workingDaysBefore[1]", "a reminder offset cannot be negative (-5)"),
        ["zero reminder offset"] = (r => r.Rule("reminders", "draft")["workingDaysBefore"] = new JsonArray(10, 0),
            "$.reminders[2].workingDaysBefore[1]", "use onDueDay for the day itself"),
        ["duplicate reminder offset"] = (r => r.Rule("reminders", "final")["workingDaysBefore"] = new JsonArray(10, 5, 5),
            "$.reminders[4].workingDaysBefore[2]", "5 is listed twice"),
        ["fractional reminder offset"] = (r => r.Rule("reminders", "final")["workingDaysBefore"] = new JsonArray(10, 2.5),
            "$.reminders[4].workingDaysBefore[1]", "must be a whole number of working days"),
        ["due on a Saturday"] = (r => r.Milestone("draft")["due"] = "2019-09-28T17:00",
            "$.milestones[2].due", "Saturday 28 Sep 2019 is not a working day in England"),
        ["due on a bank holiday"] = (r => r.Milestone("footprint")["due"] = "2019-08-26T17:00",
            "$.milestones[0].due", "Monday 26 Aug 2019 is not a working day in England"),
        ["peer review opens on a Sunday"] = (r => r.Milestone("peer-review")["opens"] = "2019-10-06T09:00",
            "$.milestones[3].opens", "Sunday 6 Oct 2019 is not a working day in England"),
        ["due past the calendar"] = (r => r.Milestone("national-plan")["due"] = "2031-12-31T17:00",
            "$.milestones[8].due", "31 Dec 2031 is outside the calendar's years (2019–2027)"),
        ["round opens before the calendar"] = (r => r["opens"] = "2018-06-27T09:00",
            "$.opens", "27 Jun 2018 is outside the calendar's years (2019–2027)"),
        ["round opens on a Saturday"] = (r => r["opens"] = "2019-06-29T09:00",
            "$.opens", "Saturday 29 Jun 2019 is not a working day in England"),
        ["unknown top-level property"] = (r => r["tilte"] = "typo",
            "$.tilte", "unknown property"),
        ["unknown milestone property"] = (r => r.Milestone("draft")["dueDate"] = "2019-09-27",
            "$.milestones[2].dueDate", "unknown property"),
        ["unknown ladder step property"] = (r => r.Rule("ladder", "draft")["steps"]![0]!["to"] = "pmo",
            "$.ladder[1].steps[0].to", "unknown property"),
        ["missing final milestone"] = (r => r.RemoveMilestone("final"),
            "$.milestones", "the 'final' milestone is missing"),
        ["missing footprint acknowledgement"] = (r =>
        {
            r.RemoveMilestone("footprint-acknowledgement");
            r["reminders"]!.AsArray().Remove(r.Rule("reminders", "footprint-acknowledgement"));
            r["ladder"]!.AsArray().Remove(r.Rule("ladder", "footprint-acknowledgement"));
        }, "$.milestones", "needs a 'footprint-acknowledgement' milestone"),
        ["rule for a milestone not in the round"] = (r =>
        {
            r.RemoveMilestone("national-plan");
            r["reminders"]!.AsArray().Add(JsonNode.Parse("""{ "milestone": "national-plan", "workingDaysBefore": [5] }"""));
        }, "$.reminders[8].milestone", "'national-plan' is not among this round's milestones"),
        ["ladder steps not later"] = (r => r.Rule("ladder", "draft")["steps"]![2]!["workingDaysAfter"] = 3,
            "$.ladder[1].steps[2].workingDaysAfter", "each step must come later and go higher than the one before"),
        ["ladder steps not higher"] = (r => r.Rule("ladder", "draft")["steps"]![2]!["level"] = "region",
            "$.ladder[1].steps[2].workingDaysAfter", "each step must come later and go higher than the one before"),
        ["unknown ladder level"] = (r => r.Rule("ladder", "draft")["steps"]![2]!["level"] = "minister",
            "$.ladder[1].steps[2].level", "unknown level 'minister'"),
        ["ladder on the optional footprint"] = (r => r["ladder"]!.AsArray().Add(JsonNode.Parse("""{ "milestone": "footprint", "steps": [ { "workingDaysAfter": 1, "level": "overdue" } ] }""")),
            "$.ladder[7].milestone", "'footprint' is optional, so it cannot be overdue or escalate"),
        ["wrong time zone"] = (r => r["timeZone"] = "Europe/Paris",
            "$.timeZone", "'Europe/Paris' is not the calendar's time zone (Europe/London)"),
        ["footprint not optional"] = (r => r.Milestone("footprint")["optional"] = false,
            "$.milestones[0].optional", "a footprint change notice is optional"),
        ["draft optional"] = (r => r.Milestone("draft")["optional"] = true,
            "$.milestones[2].optional", "'draft' cannot be optional"),
        ["relative milestone with a fixed date"] = (r => r.Milestone("agreement")["due"] = "2019-11-29T17:00",
            "$.milestones[5].due", "'agreement' falls due relative to the event that opens it"),
        ["fixed milestone with a relative deadline"] = (r => r.Milestone("final")["dueTime"] = "17:00",
            "$.milestones[4].dueTime", "'final' has a fixed due date"),
        ["relative deadline of no days"] = (r => r.Milestone("publication")["dueWorkingDaysAfter"] = 0,
            "$.milestones[7].dueWorkingDaysAfter", "must be from 1 to 130, not 0"),
        ["relative deadline without a time"] = (r => r.Milestone("publication").Remove("dueTime"),
            "$.milestones[7].dueTime", "missing"),
        ["window on a milestone that has none"] = (r => r.Milestone("final")["opens"] = "2019-11-01T09:00",
            "$.milestones[4].opens", "only peer review has a window that opens"),
        ["peer review without a window"] = (r => r.Milestone("peer-review").Remove("opens"),
            "$.milestones[3].opens", "missing: peer review needs the date its window opens"),
        ["date in the wrong form"] = (r => r.Milestone("draft")["due"] = "27/09/2019 17:00",
            "$.milestones[2].due", "'27/09/2019 17:00' is not a local date and time in the form yyyy-MM-ddTHH:mm"),
        ["send time in the wrong form"] = (r => r["sendAt"] = "9am",
            "$.sendAt", "'9am' is not a time of day in the form HH:mm"),
        ["version zero"] = (r => r["version"] = 0,
            "$.version", "must be from 1 to 999999, not 0"),
        ["version past six digits"] = (r => r["version"] = 20191001,
            "$.version", "must be from 1 to 999999, not 20191001"),
        ["round id with a slash"] = (r => r["id"] = "2019/20",
            "$.id", "'2019/20' must be 1 to 32 letters, digits or hyphens"),
        ["missing title"] = (r => r.Remove("title"),
            "$.title", "missing"),
        ["milestones not an array"] = (r => r["milestones"] = "draft",
            "$.milestones", "must be an array"),
        ["milestone not an object"] = (r => r["milestones"]!.AsArray().Add(42),
            "$.milestones[9]", "must be a JSON object"),
    };

    public static TheoryData<string> BadFileNames => [.. BadFiles.Keys];

    [Fact]
    public void Parse_ShippedRound_LoadsWithNoProblemsOrWarnings()
    {
        var loaded = RoundParser.Parse(TestRound.Json, TestRound.Calendar);

        var round = Assert.IsType<Round>(loaded.Value);
        Assert.Empty(loaded.Problems);
        Assert.Empty(loaded.Warnings);
        Assert.Equal(new RoundId("2019-20"), round.Id);
        Assert.Equal(1, round.Version);
        Assert.Equal("Europe/London", round.Definition.TimeZoneId);
        Assert.Equal(Enum.GetValues<Milestone>(), round.Definition.Milestones.Keys.Order());
    }

    [Theory]
    [InlineData(Milestone.Footprint, "2019-07-31T17:00+01:00")]
    [InlineData(Milestone.Draft, "2019-09-27T17:00+01:00")]
    [InlineData(Milestone.PeerReview, "2019-10-25T17:00+01:00")]
    [InlineData(Milestone.Final, "2019-11-15T17:00+00:00")]
    [InlineData(Milestone.NationalPlan, "2019-12-31T17:00+00:00")]
    public void Parse_ShippedRound_FixedDueDatesAreLondonTimes(Milestone milestone, string due) =>
        Assert.Equal(due, Instance.Local(TestRound.Round.FixedDue(milestone)));

    [Fact]
    public void Parse_ShippedRound_ReadsWindowsAndRules()
    {
        var round = TestRound.Round;
        var definition = round.Definition;

        Assert.Equal("2019-06-27T09:00+01:00", Instance.Local(round.OpensAt));
        Assert.Equal("2019-10-07T09:00+01:00", Instance.Local(round.PeerReviewOpensAt));
        Assert.Equal(new TimeOnly(9, 0), definition.SendAt);
        Assert.True(definition[Milestone.Footprint].Optional);
        Assert.Equal(new RelativeDeadline(20, new TimeOnly(17, 0)), definition[Milestone.Publication].Deadline);
        Assert.Equal([10, 5, 1], definition.Reminders[Milestone.Draft].WorkingDaysBefore.ToArray());
        Assert.True(definition.Reminders[Milestone.Draft].OnDueDay);
        Assert.False(definition.Reminders[Milestone.Publication].OnDueDay);
        Assert.Equal(
            [new LadderStep(1, LadderLevel.Overdue), new LadderStep(3, LadderLevel.Region), new LadderStep(5, LadderLevel.National)],
            definition.Ladder[Milestone.Draft].Steps.ToArray());
        Assert.False(definition.Ladder.ContainsKey(Milestone.Footprint));
    }

    [Fact]
    public void Parse_ReminderOffsetsOutOfOrder_AreHeldLatestFirst()
    {
        var loaded = TestRound.Parse(r => r.Rule("reminders", "final")["workingDaysBefore"] = new JsonArray(1, 10, 5));

        Assert.Equal([10, 5, 1], loaded.GetValueOrThrow("round").Definition.Reminders[Milestone.Final].WorkingDaysBefore.ToArray());
    }

    [Theory]
    [MemberData(nameof(BadFileNames))]
    public void Parse_OneThingWrong_ReportsItWithItsPathAndLoadsNothing(string name)
    {
        var (change, path, message) = BadFiles[name];

        var loaded = TestRound.Parse(change);

        Assert.Null(loaded.Value);
        Assert.False(loaded.Succeeded);
        Assert.Empty(loaded.Warnings);
        Assert.Contains(loaded.Problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("draft", "2019-09-27")] // not a date and time
    [InlineData("publication", null)] // no due date at all
    public void Parse_RulesForAMilestoneWhoseDefinitionIsInvalid_ReportOnlyTheDefinition(string id, string? due)
    {
        var loaded = TestRound.Parse(r =>
        {
            var milestone = r.Milestone(id);
            if (due is null)
            {
                milestone.Remove("dueWorkingDaysAfter");
            }
            else
            {
                milestone["due"] = due;
            }
        });

        // The milestone is in the file, so its reminder and ladder rules must not be called rules for a missing milestone.
        var problem = Assert.Single(loaded.Problems);
        Assert.StartsWith("$.milestones[", problem.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyThingsWrong_ReportsEveryOne()
    {
        var loaded = TestRound.Parse(r =>
        {
            r["timeZone"] = "Europe/Paris";
            r["tilte"] = "typo";
            r.Milestone("draft")["due"] = "2019-09-28T17:00";
            r.Milestone("national-plan")["due"] = "2031-12-31T17:00";
            r.Rule("reminders", "final")["workingDaysBefore"] = new JsonArray(10, 5, 5, -1);
            r.Rule("ladder", "peer-review")["milestone"] = "peer-reviews";
            r.Rule("ladder", "draft")["steps"]![2]!["workingDaysAfter"] = 3;
        });

        string[] expected =
        [
            "$.timeZone",
            "$.tilte",
            "$.milestones[2].due",
            "$.milestones[8].due",
            "$.reminders[4].workingDaysBefore[2]",
            "$.reminders[4].workingDaysBefore[3]",
            "$.ladder[2].milestone",
            "$.ladder[1].steps[2].workingDaysAfter",
        ];
        Assert.Null(loaded.Value);
        Assert.Equal(expected.Order(), loaded.Problems.Select(p => p.Path).Order());
    }

    [Fact]
    public void Parse_MalformedJson_GivesLineAndColumnOfTheSyntaxError()
    {
        // Drop the comma after "version": the parser trips where "title" starts, on line 4.
        var json = TestRound.Json.Replace("\"version\": 1,", "\"version\": 1", StringComparison.Ordinal);

        var loaded = RoundParser.Parse(json, TestRound.Calendar);

        Assert.Null(loaded.Value);
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal("line 4, column 3", problem.Path);
        Assert.StartsWith("the file is not valid JSON", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAllowed()
    {
        var json = TestRound.Json.Replace("\"version\": 1,", "\"version\": 1, // bumped by each round-wide change\n", StringComparison.Ordinal)
            .Replace("\"onDueDay\": false }\n  ],", "\"onDueDay\": false },\n  ],", StringComparison.Ordinal);

        Assert.True(RoundParser.Parse(json, TestRound.Calendar).Succeeded);
    }

    [Fact]
    public void Parse_APropertyGivenTwice_RefusedSayingWhere()
    {
        var json = TestRound.Json.Replace("\"version\": 1,", "\"version\": 1, \"version\": 2,", StringComparison.Ordinal);

        var loaded = RoundParser.Parse(json, TestRound.Calendar);

        Assert.False(loaded.Succeeded);
        var problem = Assert.Single(loaded.Problems);
        Assert.Contains("version", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotAnObject_SaysSo()
    {
        var loaded = RoundParser.Parse("[]", TestRound.Calendar);

        Assert.Equal([new Problem("$", "must be a JSON object")], loaded.Problems.ToArray());
    }

    [Fact]
    public void Parse_CalendarEndingBeforeRelativeDeadlinesCan_LoadsWithACoverageWarning()
    {
        var only2019 = string.Join('\n', TestRound.BankHolidaysCsv.Split('\n').Where(line => !line.StartsWith("20", StringComparison.Ordinal) || line.StartsWith("2019", StringComparison.Ordinal)));
        var calendar = BankHolidays.Parse(only2019, WorkingCalendar.London).GetValueOrThrow("2019 bank holidays");

        var loaded = RoundParser.Parse(TestRound.Json, calendar);

        Assert.NotNull(loaded.Value);
        Assert.Empty(loaded.Problems);
        var warning = Assert.Single(loaded.Warnings);
        Assert.Equal("$.milestones", warning.Path);
        Assert.Contains("past the calendar's bank holidays (to 2019)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CalendarBuiltByHandThatEndsIn2019_AlsoWarns()
    {
        var calendar = new WorkingCalendar([new DateOnly(2019, 8, 26), new DateOnly(2019, 12, 25), new DateOnly(2019, 12, 26)], WorkingCalendar.London, 2019, 2019);

        var loaded = RoundParser.Parse(TestRound.Json, calendar);

        Assert.True(loaded.Succeeded);
        Assert.Single(loaded.Warnings);
    }

    [Fact]
    public void Parse_CalendarInAnotherZone_RefusesTheLondonRound()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var calendar = BankHolidays.Parse(TestRound.BankHolidaysCsv, paris).GetValueOrThrow("holidays");

        var loaded = RoundParser.Parse(TestRound.Json, calendar);

        Assert.Equal("$.timeZone", Assert.Single(loaded.Problems).Path);
    }
}
