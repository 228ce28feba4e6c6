using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Rounds;

public sealed class RoundParseChangeTests
{
    [Fact]
    public void ParseChange_SameIdHigherVersion_GivesTheNewTimetable()
    {
        var loaded = RoundParser.ParseChange(
            TestRound.Mutated(r => { r["version"] = 2; r.Milestone("draft")["due"] = "2019-10-04T17:00"; }), TestRound.Round);

        var round = Assert.IsType<Round>(loaded.Value);
        Assert.Equal(2, round.Version);
        Assert.Equal("2019-10-04T17:00+01:00", Instance.Local(round.FixedDue(Milestone.Draft)));
        Assert.Same(TestRound.Calendar, round.Calendar);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(null)] // a file without a version is version 1
    public void ParseChange_VersionNotAboveCurrent_IsRefused(int? version)
    {
        var json = TestRound.Mutated(r =>
        {
            r.Milestone("draft")["due"] = "2019-10-04T17:00";
            if (version is { } v)
            {
                r["version"] = v;
            }
            else
            {
                r.Remove("version");
            }
        });

        var loaded = RoundParser.ParseChange(json, TestRound.Round);

        Assert.Null(loaded.Value);
        Assert.Equal([new Problem("$.version", "a changed timetable needs a version above 1, not 1")], loaded.Problems.ToArray());
    }

    [Fact]
    public void ParseChange_OtherRoundId_IsRefused()
    {
        var loaded = RoundParser.ParseChange(TestRound.Mutated(r => { r["version"] = 2; r["id"] = "2020-21"; }), TestRound.Round);

        Assert.Null(loaded.Value);
        Assert.Equal("$.id", Assert.Single(loaded.Problems).Path);
    }

    [Fact]
    public void ParseChange_InvalidFile_ReportsItsOwnProblems()
    {
        var loaded = RoundParser.ParseChange(TestRound.Mutated(r => { r["version"] = 2; r.Milestone("draft")["due"] = "2019-09-28T17:00"; }), TestRound.Round);

        Assert.Null(loaded.Value);
        Assert.Equal("$.milestones[2].due", Assert.Single(loaded.Problems).Path);
    }
}
