using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class TimetableChangeTests
{
    private static readonly Round Version2 = TestRound.Changed(2, r => r.Milestone("draft")["due"] = "2019-10-04T17:00");

    [Fact]
    public void Run_RoundWideChange_TellsThePmoAndRetimesPromptsAtOnce()
    {
        var changed = London.At(2019, 9, 16, 12);

        var timeline = Timeline.Start().RunTo(changed).Follow(Version2, changed).RunTo(London.At(2019, 10, 31));

        var after = timeline.Sent.Where(c => c.At >= changed).ToList();
        Assert.Equal("TimetableChanged 2019-09-16T12:00+01:00 to Pmo cc RegionalDirector", after[0].Describe());
        Assert.Equal("2019-20|E54000006/timetable:v2", after[0].Id);
        Assert.Equal(
            ["2019-09-20", "2019-09-27", "2019-10-03", "2019-10-04", "2019-10-07", "2019-10-09", "2019-10-11"],
            after.About(Milestone.Draft).Select(c => London.LocalDate(c.At).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(after.About(Milestone.Draft), c => Assert.Equal(London.At(2019, 10, 4, 17), c.Due));
        Assert.Equal(2, timeline.State.RoundVersion);
    }

    [Fact]
    public void Run_RoundWideChange_TheNoticeListsTheDatesThatMovedForTheSystem()
    {
        var changed = London.At(2019, 9, 16, 12);
        var moreMoved = TestRound.Changed(2, r =>
        {
            r.Milestone("draft")["due"] = "2019-10-04T17:00";
            r.Milestone("final")["due"] = "2019-11-22T17:00";
        });

        var timeline = Timeline.Start().RunTo(changed).Follow(moreMoved, changed);

        var notice = timeline.Sent.Single(c => c.Kind == MessageKind.TimetableChanged);
        Assert.Equal(
            [
                $"draft: {London.At(2019, 9, 27, 17):O} to {London.At(2019, 10, 4, 17):O}",
                $"final: {London.At(2019, 11, 15, 17):O} to {London.At(2019, 11, 22, 17):O}",
            ],
            notice.Moves!.Select(m => $"{m.Key}: {m.From:O} to {m.To:O}"));
        Assert.Equal("Draft (initial) system plan", notice.Moves![0].Title);
    }

    [Fact]
    public void Run_ChangeThatMovesNothingOfTheSystems_TheNoticeListsNoDates()
    {
        // The draft is in before the change, so moving its date moves nothing this system still works to.
        var changed = London.At(2019, 9, 26, 12);

        var timeline = Timeline.Start().Then(Instance.Draft(London.At(2019, 9, 25, 12))).RunTo(changed).Follow(Version2, changed);

        Assert.Empty(timeline.Sent.Single(c => c.Kind == MessageKind.TimetableChanged).Moves!);
    }

    [Fact]
    public void Decide_NewRound_UsesItsDatesWithoutAnyEvent()
    {
        // The round is an input to Decide, so an instance follows a new timetable even before it hears of it.
        var state = Timeline.Start().RunTo(London.At(2019, 9, 26, 8)).State;

        var old = StateMachine.Decide(state, TestRound.Round, London.At(2019, 9, 26, 9));
        var moved = StateMachine.Decide(state, Version2, London.At(2019, 9, 26, 9));

        Assert.Equal(["Reminder 2019-09-26T09:00+01:00 due 2019-09-27T17:00+01:00 to Pmo"], old.Commands.Describe());
        // Under the new timetable the latest reminder already past is the one for 4 Oct, and it names that date.
        Assert.Equal(["Reminder 2019-09-26T09:00+01:00 due 2019-10-04T17:00+01:00 to Pmo"], moved.Commands.Describe());
        Assert.Equal(London.At(2019, 9, 27), moved.NextWakeAt);
    }
}
