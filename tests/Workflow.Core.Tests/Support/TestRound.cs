using System.Text.Json.Nodes;
using Workflow.Core.Calendar;
using Workflow.Core.Rounds;

namespace Workflow.Core.Tests.Support;

/// <summary>The shipped 2019/20 round on the shipped bank holidays, and ways to bend a copy of it.</summary>
internal static class TestRound
{
    public static string Json { get; } = TestFiles.Read("rounds", "2019-20.json");

    public static string BankHolidaysCsv { get; } = TestFiles.Read("data", "bank-holidays-england-and-wales.csv");

    public static WorkingCalendar Calendar { get; } =
        BankHolidays.Parse(BankHolidaysCsv, WorkingCalendar.London).GetValueOrThrow("the shipped bank holidays");

    public static Round Round { get; } = RoundParser.Parse(Json, Calendar).GetValueOrThrow("the shipped round");

    public static JsonObject Node() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>The shipped round with <paramref name="change"/> made to a fresh copy of its JSON.</summary>
    public static string Mutated(Action<JsonObject> change)
    {
        var root = Node();
        change(root);
        return root.ToJsonString();
    }

    public static Loaded<Round> Parse(Action<JsonObject> change) => RoundParser.Parse(Mutated(change), Calendar);

    public static JsonObject Milestone(this JsonObject root, string id) =>
        root["milestones"]!.AsArray().Single(m => (string?)m!["id"] == id)!.AsObject();

    public static JsonObject Rule(this JsonObject root, string kind, string milestone) =>
        root[kind]!.AsArray().Single(m => (string?)m!["milestone"] == milestone)!.AsObject();

    public static void RemoveMilestone(this JsonObject root, string id)
    {
        var milestones = root["milestones"]!.AsArray();
        milestones.Remove(milestones.Single(m => (string?)m!["id"] == id));
    }

    /// <summary>A round-wide change: the shipped round at <paramref name="version"/> with <paramref name="change"/> made.</summary>
    public static Round Changed(int version, Action<JsonObject> change) =>
        RoundParser.ParseChange(Mutated(root => { root["version"] = version; change(root); }), Round)
            .GetValueOrThrow("the changed round");
}
