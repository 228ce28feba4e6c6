using System.Text.Json.Nodes;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Rounds;

public sealed class RoundHoldParserTests
{
    private static JsonObject Hold(string kind, string date) => new() { [kind] = date };

    private static void HoldFor(JsonObject root, string system, params JsonObject[] holds) =>
        root["systems"] = new JsonObject { [system] = new JsonObject { ["holds"] = new JsonArray(holds) } };

    private static JsonObject SystemHold(string milestone, string kind, string date) => new() { ["milestone"] = milestone, [kind] = date };

    /// <summary>One hold that cannot stand, and the one problem it must produce.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Change, string Path, string Message)> BadHolds = new()
    {
        ["hold on a fixed milestone"] = (r => r.Milestone("final")["hold"] = Hold("notBefore", "2019-11-22"),
            "$.milestones[4].hold", "'final' has a fixed due date, so it cannot be held (move its due date instead); only milestones due relative to another can be: footprint-acknowledgement, agreement, resubmission, publication"),
        ["system's hold on a fixed milestone"] = (r => HoldFor(r, "E54000006", SystemHold("draft", "fixed", "2019-10-04")),
            "$.systems.E54000006.holds[0].milestone", "'draft' has a fixed due date, so it cannot be held"),
        ["held to a Saturday"] = (r => r.Milestone("publication")["hold"] = Hold("notBefore", "2019-12-14"),
            "$.milestones[7].hold.notBefore", "Saturday 14 Dec 2019 is not a working day in England"),
        ["fixed to Christmas Day"] = (r => r.Milestone("publication")["hold"] = Hold("fixed", "2019-12-25"),
            "$.milestones[7].hold.fixed", "Wednesday 25 Dec 2019 is not a working day in England"),
        ["system's hold on a Sunday"] = (r => HoldFor(r, "E54000006", SystemHold("publication", "notBefore", "2019-12-15")),
            "$.systems.E54000006.holds[0].notBefore", "Sunday 15 Dec 2019 is not a working day in England"),
        ["held past the calendar"] = (r => r.Milestone("publication")["hold"] = Hold("notBefore", "2031-01-06"),
            "$.milestones[7].hold.notBefore", "6 Jan 2031 is outside the calendar's years (2019–2027)"),
        ["held to before the round opens"] = (r => r.Milestone("publication")["hold"] = Hold("notBefore", "2019-06-03"),
            "$.milestones[7].hold.notBefore", "Mon 3 Jun 2019 is outside the round: it comes before the round opens (Thu 27 Jun 2019)"),
        ["held to after the round"] = (r => r.Milestone("publication")["hold"] = Hold("notBefore", "2020-06-01"),
            "$.milestones[7].hold.notBefore", "Mon 1 Jun 2020 is outside the round: its relative deadlines fall due no later than Wed 11 Mar 2020"),
        ["system's hold after the round"] = (r => HoldFor(r, "E54000006", SystemHold("agreement", "fixed", "2020-06-01")),
            "$.systems.E54000006.holds[0].fixed", "Mon 1 Jun 2020 is outside the round"),
        ["publication fixed to when an on-time agreement is due"] = (r => r.Milestone("publication")["hold"] = Hold("fixed", "2019-11-29"),
            "$.milestones[7].hold.fixed", "'publication' is fixed to Fri 29 Nov 2019 17:00, before it could be done on time: it follows agreement, which for a final plan sent in on its due date may come as late as Fri 29 Nov 2019 17:00"),
        ["agreement fixed to the final plan's due date"] = (r => r.Milestone("agreement")["hold"] = Hold("fixed", "2019-11-15"),
            "$.milestones[5].hold.fixed", "'agreement' is fixed to Fri 15 Nov 2019 17:00, before it could be done on time: it follows the final plan, which is due Fri 15 Nov 2019 17:00"),
        ["resubmission fixed before an on-time request for changes"] = (r => r.Milestone("resubmission")["hold"] = Hold("fixed", "2019-11-28"),
            "$.milestones[6].hold.fixed", "it follows a request for changes, which for a final plan sent in on its due date may come as late as Fri 29 Nov 2019 17:00"),
        ["acknowledgement fixed before the footprint window closes"] = (r => r.Milestone("footprint-acknowledgement")["hold"] = Hold("fixed", "2019-07-26"),
            "$.milestones[1].hold.fixed", "it follows a footprint change notice, which may be given on time up to Wed 31 Jul 2019 17:00"),
        ["system's publication fixed before its own held agreement"] = (r => HoldFor(r, "E54000006",
                SystemHold("agreement", "notBefore", "2019-12-06"), SystemHold("publication", "fixed", "2019-12-05")),
            "$.systems.E54000006.holds[1].fixed", "it follows agreement, which for a final plan sent in on its due date may come as late as Fri 6 Dec 2019 17:00"),
        ["both kinds at once"] = (r => r.Milestone("publication")["hold"] = new JsonObject { ["notBefore"] = "2019-12-13", ["fixed"] = "2019-12-20" },
            "$.milestones[7].hold.fixed", "give notBefore or fixed, not both"),
        ["neither kind"] = (r => r.Milestone("publication")["hold"] = new JsonObject { ["reason"] = "Pre-election period" },
            "$.milestones[7].hold.notBefore", "missing: give notBefore (due no earlier than the date) or fixed (due on the date)"),
        ["date with a time"] = (r => r.Milestone("publication")["hold"] = Hold("notBefore", "2019-12-13T17:00"),
            "$.milestones[7].hold.notBefore", "'2019-12-13T17:00' is not a date in the form yyyy-MM-dd"),
        ["hold not an object"] = (r => r.Milestone("publication")["hold"] = "2019-12-13",
            "$.milestones[7].hold", "must be a JSON object"),
        ["unknown hold property"] = (r => r.Milestone("publication")["hold"] = new JsonObject { ["notBefore"] = "2019-12-13", ["until"] = "2019-12-20" },
            "$.milestones[7].hold.until", "unknown property"),
        ["system code malformed"] = (r => HoldFor(r, "E5400006", SystemHold("publication", "notBefore", "2019-12-13")),
            "$.systems.E5400006", "'E5400006' is not a system code (E54 and six digits)"),
        ["system without holds"] = (r => r["systems"] = new JsonObject { ["E54000006"] = new JsonObject() },
            "$.systems.E54000006.holds", "missing"),
        ["unknown property of a system"] = (r => r["systems"] = new JsonObject { ["E54000006"] = new JsonObject { ["holds"] = new JsonArray(), ["hold"] = 1 } },
            "$.systems.E54000006.hold", "unknown property"),
        ["system's hold on an unknown milestone"] = (r => HoldFor(r, "E54000006", SystemHold("publish", "notBefore", "2019-12-13")),
            "$.systems.E54000006.holds[0].milestone", "unknown milestone 'publish'"),
        ["system's hold on a milestone not in the round"] = (r =>
        {
            r.RemoveMilestone("footprint");
            r.RemoveMilestone("footprint-acknowledgement");
            foreach (var kind in new[] { "reminders", "ladder" })
            {
                r[kind]!.AsArray().Remove(r.Rule(kind, "footprint-acknowledgement"));
            }
            r[ "reminders"]!.AsArray().Remove(r.Rule("reminders", "footprint"));
            HoldFor(r, "E54000006", SystemHold("footprint-acknowledgement", "notBefore", "2019-08-05"));
        }, "$.systems.E54000006.holds[0].milestone", "'footprint-acknowledgement' is not among this round's milestones"),
        ["one system holding a milestone twice"] = (r => HoldFor(r, "E54000006",
                SystemHold("publication", "notBefore", "2019-12-13"), SystemHold("publication", "fixed", "2019-12-20")),
            "$.systems.E54000006.holds[1].milestone", "'publication' is held for E54000006 already"),
    };

    public static TheoryData<string> BadHoldNames => [.. BadHolds.Keys];

    [Theory]
    [MemberData(nameof(BadHoldNames))]
    public void Parse_HoldThatCannotStand_ReportsItWithItsPathAndLoadsNothing(string name)
    {
        var (change, path, message) = BadHolds[name];

        var loaded = TestRound.Parse(change);

        Assert.Null(loaded.Value);
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RoundWideAndSystemHolds_ReadsEveryOne()
    {
        var round = TestRound.Parse(r =>
        {
            r.Milestone("publication")["hold"] = new JsonObject { ["notBefore"] = "2019-12-13", ["reason"] = "Pre-election period" };
            HoldFor(r, "E54000006", SystemHold("publication", "fixed", "2019-12-20"), SystemHold("agreement", "notBefore", "2019-12-02"));
        }).GetValueOrThrow("the held round");

        var roundWide = new MilestoneHold(HoldKind.NotBefore, new DateOnly(2019, 12, 13), "Pre-election period");
        Assert.Equal(roundWide, ((RelativeDeadline)round.Definition[Milestone.Publication].Deadline).Hold);
        Assert.Equal(
            [
                (Milestone.Publication, (SystemCode?)null, roundWide),
                (Milestone.Agreement, new SystemCode("E54000006"), new MilestoneHold(HoldKind.NotBefore, new DateOnly(2019, 12, 2))),
                (Milestone.Publication, new SystemCode("E54000006"), new MilestoneHold(HoldKind.Fixed, new DateOnly(2019, 12, 20))),
            ],
            round.Holds());
        Assert.Equal(roundWide, round.HoldOn(Milestone.Publication, new SystemCode("E54000005")));
        Assert.Equal(HoldKind.Fixed, round.HoldOn(Milestone.Publication, new SystemCode("E54000006"))!.Kind);
        Assert.Null(round.HoldOn(Milestone.Agreement, new SystemCode("E54000005")));
    }

    [Fact]
    public void Parse_ShippedRound_HasNoHoldsAndReadsAsBefore()
    {
        var definition = TestRound.Round.Definition;

        Assert.Empty(TestRound.Round.Holds());
        Assert.Empty(definition.SystemHolds);
        Assert.All(definition.Milestones.Values.Select(m => m.Deadline).OfType<RelativeDeadline>(), d => Assert.Null(d.Hold));
        Assert.Equal(new RelativeDeadline(10, new TimeOnly(17, 0)), definition[Milestone.Agreement].Deadline);
    }

    [Fact]
    public void Parse_FixedDateAfterAnOnTimeAgreementIsDue_Loads()
    {
        var loaded = TestRound.Parse(r => r.Milestone("publication")["hold"] = Hold("fixed", "2019-12-02"));

        Assert.Empty(loaded.Problems);
        Assert.Equal(London.At(2019, 12, 2, 17), loaded.GetValueOrThrow("round").RelativeDue(Milestone.Publication, London.At(2019, 11, 20, 10)));
    }

    [Fact]
    public void LatestPossibleDate_HoldLaterThanTheLastFixedDate_CountsTheWindowsFromTheHold()
    {
        var round = TestRound.Parse(r => r.Milestone("agreement")["hold"] = Hold("notBefore", "2020-01-31")).GetValueOrThrow("round");

        Assert.Equal(TestRound.Calendar.AddWorkingDays(new DateOnly(2020, 1, 31), 55), round.LatestPossibleDate());
    }

    [Fact]
    public void ParseChange_AddingAHold_GivesTheNewTimetableWithIt()
    {
        var loaded = RoundParser.ParseChange(
            TestRound.Mutated(r => { r["version"] = 2; r.Milestone("publication")["hold"] = Hold("notBefore", "2019-12-13"); }), TestRound.Round);

        var round = Assert.IsType<Round>(loaded.Value);
        Assert.Equal(new MilestoneHold(HoldKind.NotBefore, new DateOnly(2019, 12, 13)), round.HoldOn(Milestone.Publication));
        Assert.Null(TestRound.Round.HoldOn(Milestone.Publication));
    }

    [Fact]
    public void ParseChange_HoldThatCannotStand_ReportsItsPath()
    {
        var loaded = RoundParser.ParseChange(
            TestRound.Mutated(r => { r["version"] = 2; HoldFor(r, "E54000006", SystemHold("publication", "fixed", "2019-11-29")); }), TestRound.Round);

        Assert.Null(loaded.Value);
        Assert.Equal("$.systems.E54000006.holds[0].fixed", Assert.Single(loaded.Problems).Path);
    }
}
