using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Simulation;

/// <summary>The shipped replay of the 2019/20 round as it went: the election's hold on publication, then the COVID-19 pause.</summary>
public sealed class AsItHappenedTests
{
    private static readonly SystemDirectory Directory = TestDirectory.Parse().GetValueOrThrow("the shipped directory");

    private static readonly Lazy<SimulationResult> Replay = new(() =>
    {
        var scenario = ScenarioParser.Parse(TestFiles.Read("scenarios", "2019-20-as-it-happened.json"), TestRound.Round, Directory)
            .GetValueOrThrow("the scenario");
        return Simulator.Run(Simulator.Timetables(TestRound.Json, TestRound.Round, scenario).GetValueOrThrow("the timetables"), scenario, Directory);
    });

    private static DateTimeOffset At(int year, int month, int day, int hour) => TestRound.Calendar.ToInstant(new DateTime(year, month, day, hour, 0, 0));

    private static readonly DateTimeOffset ElectionDay = At(2019, 12, 12, 0);

    private static readonly DateTimeOffset Paused = At(2020, 3, 17, 9);

    [Fact]
    public void Run_AsItHappened_ReplaysWithNothingRefused()
    {
        var result = Replay.Value;

        Assert.All(result.Runs, run => Assert.Empty(run.Refusals));
        Assert.Equal(2, result.Round.Version);
        Assert.Equal(At(2020, 3, 31, 17), result.Round.FixedDue(Milestone.NationalPlan));
    }

    [Fact]
    public void Run_AsItHappened_HoldsPublicationOfEveryPlanAgreedBeforeTheElectionUntilAfterIt()
    {
        var result = Replay.Value;
        var held = At(2020, 1, 10, 17);

        var agreedBefore = result.Runs.Where(r => r.Final.LastDecision is { Outcome: Outcome.Agreed } d && d.At < ElectionDay).ToList();

        Assert.Equal(40, agreedBefore.Count);
        Assert.All(agreedBefore, run =>
        {
            var key = new MilestoneKey(Milestone.Publication, 0);
            // By the count alone each would have been due before the held date, some of them in the pre-election period.
            Assert.True(result.Round.CountedDue(Milestone.Publication, run.Final.LastDecision!.At) < held);
            Assert.Equal(held, Timetable.Due(run.Final, result.Round, key));
            Assert.All(run.Commands.Where(c => c.Milestone == Milestone.Publication), c => Assert.Equal(held, c.Due));
            if (run.Final.Completed.TryGetValue(key, out var published))
            {
                Assert.True(published > ElectionDay, $"{run.System.Code} published on {published}");
            }
        });
        Assert.Equal(40, Summary.Of(result, Directory).Holds.Single().SystemsHeld);
    }

    [Fact]
    public void Run_AsItHappened_LeavesEveryUnpublishedPlanSuspendedWithNothingSentFromTheSeventeenthOfMarch()
    {
        var result = Replay.Value;

        var unpublished = result.Runs.Where(r => r.Final.Stage != Stage.Published).Select(r => r.System.Code.Value).Order().ToList();

        // One never publishes; two meant to publish in late March, after their partners' boards, and could not.
        Assert.Equal(["E54000021", "E54000027", "E54000035"], unpublished);
        Assert.All(result.Runs.Where(r => r.Final.Stage != Stage.Published), run =>
        {
            Assert.True(run.Final.IsSuspended);
            Assert.Equal(new Pause(Paused, "national team", "COVID-19 response: planning paused (letter of 17 March 2020)"), run.Final.Pauses[^1]);
        });
        Assert.DoesNotContain(result.Runs.SelectMany(r => r.Commands), c => c.At >= Paused);
        var suspension = Assert.Single(Summary.Of(result, Directory).RoundSuspensions);
        Assert.Null(suspension.To);
        Assert.Equal(42, suspension.SystemsSuspended);
    }
}
