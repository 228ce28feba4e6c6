using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class ExtensionTests
{
    private const string NewDue = "due 2019-10-04T17:00+01:00";

    [Fact]
    public void Run_DraftExtended_GrantsItAndRetimesEveryLaterPrompt()
    {
        var granted = London.At(2019, 9, 19, 12);

        var timeline = Timeline.Start()
            .Then(Instance.Extended(granted, Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0)))
            .RunTo(London.At(2019, 10, 31));

        var after = timeline.Sent.About(Milestone.Draft).Where(c => c.At >= granted).ToList();
        Assert.Equal(
            [
                $"ExtensionGranted 2019-09-19T12:00+01:00 {NewDue} to Pmo cc RegionalDirector",
                $"Reminder 2019-09-20T09:00+01:00 {NewDue} to Pmo",
                $"Reminder 2019-09-27T09:00+01:00 {NewDue} to Pmo",
                $"Reminder 2019-10-03T09:00+01:00 {NewDue} to Pmo",
                $"DueToday 2019-10-04T09:00+01:00 {NewDue} to Pmo",
                $"Overdue 2019-10-07T09:00+01:00 {NewDue} to Pmo cc RegionalDirector",
                $"EscalationToRegion 2019-10-09T09:00+01:00 {NewDue} to RegionalDirector cc Pmo",
                $"EscalationToNational 2019-10-11T09:00+01:00 {NewDue} to National cc RegionalDirector+Pmo",
            ],
            after.Describe());
        // The due date is in the id, so the new prompts are new commands and the old ones are never sent.
        Assert.All(after.Where(c => c.IsChaser()), c => Assert.EndsWith("@20191004T1600", c.Id, StringComparison.Ordinal));
        Assert.Equal("2019-20|E54000006/extension:1", after[0].Id);
        Assert.Equal(new DateTime(2019, 10, 4, 17, 0, 0), timeline.State.Extensions[new MilestoneKey(Milestone.Draft, 0)]);
    }

    [Fact]
    public void Run_ExtendedAfterANewReminderDate_DoesNotSendThatReminderBesideTheGrant()
    {
        // Under the new date, "10 working days before" fell on 20 Sep, before the extension was granted:
        // the grant itself tells the PMO the new date, so the next word is the 5-day reminder.
        var granted = London.At(2019, 9, 25, 12);

        var timeline = Timeline.Start()
            .Then(Instance.Extended(granted, Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0)))
            .RunTo(London.At(2019, 9, 30));

        var after = timeline.Sent.About(Milestone.Draft).Where(c => c.At >= granted).ToList();
        Assert.Equal(
            [
                $"ExtensionGranted 2019-09-25T12:00+01:00 {NewDue} to Pmo cc RegionalDirector",
                $"Reminder 2019-09-27T09:00+01:00 {NewDue} to Pmo",
            ],
            after.Describe());
    }

    [Fact]
    public void Run_ExtendedTwice_EachNoticeSaysFromWhichDateToWhich()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Extended(London.At(2019, 9, 20, 10), Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0)))
            .Then(Instance.Extended(London.At(2019, 10, 1, 10), Milestone.Draft, new DateTime(2019, 10, 11, 17, 0, 0)));

        Assert.Equal(
            [
                $"{London.At(2019, 9, 27, 17):O} to {London.At(2019, 10, 4, 17):O}",
                $"{London.At(2019, 10, 4, 17):O} to {London.At(2019, 10, 11, 17):O}",
            ],
            timeline.Sent.Where(c => c.Kind == MessageKind.ExtensionGranted).Select(c => $"{Assert.Single(c.Moves!).From:O} to {c.Moves![0].To:O}"));
    }

    [Fact]
    public void Apply_ExtensionNotPrepared_TheNoticeGoesWithoutDates()
    {
        // An event recorded before dates were kept with it (or raised by an older host) still gives its notice.
        var state = Instance.Started().Then(Instance.Extended(London.At(2019, 9, 20, 10), Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0)));

        var notice = Assert.Single(StateMachine.Decide(state, TestRound.Round, London.At(2019, 9, 20, 10)).Commands, c => c.Kind == MessageKind.ExtensionGranted);

        Assert.Null(notice.Moves);
    }

    [Fact]
    public void Due_Extended_IsTheExtensionNotTheRoundsDate()
    {
        var state = Instance.Started().Then(Instance.Extended(London.At(2019, 9, 19, 12), Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0)));

        Assert.Equal(London.At(2019, 10, 4, 17), Timetable.Due(state, TestRound.Round, new MilestoneKey(Milestone.Draft, 0)));
        Assert.Equal(London.At(2019, 11, 15, 17), Timetable.Due(state, TestRound.Round, new MilestoneKey(Milestone.Final, 0)));
    }

    [Theory]
    [InlineData("2019-11-29T17:00", 2019, 11, 29)] // the round moves past the extension: the system keeps pace with everyone
    [InlineData("2019-11-20T17:00", 2019, 11, 22)] // the round moves, but not as far: the extension still stands
    public void Due_ExtendedThenTheRoundMoved_TheLaterOfTheTwo(string roundDue, int year, int month, int day)
    {
        var state = Instance.Started()
            .Then(Instance.Draft(London.At(2019, 9, 26, 15)))
            .Then(Instance.Extended(London.At(2019, 11, 1, 12), Milestone.Final, new DateTime(2019, 11, 22, 17, 0, 0)));
        var moved = TestRound.Changed(2, r => r.Milestone("final")["due"] = roundDue);

        Assert.Equal(London.At(year, month, day, 17), Timetable.Due(state, moved, new MilestoneKey(Milestone.Final, 0)));
    }

    [Fact]
    public void Run_AgreementExtended_RetimesTheDirectorsPrompts()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Draft(London.At(2019, 9, 26, 15)))
            .Then(Instance.Final(London.At(2019, 11, 14, 11)))
            .Then(Instance.Extended(London.At(2019, 11, 25, 10), Milestone.Agreement, new DateTime(2019, 12, 5, 17, 0, 0)))
            .RunTo(London.At(2019, 12, 31));

        Assert.Equal(
            [
                "ExtensionGranted 2019-11-25T10:00+00:00 due 2019-12-05T17:00+00:00 to Pmo cc RegionalDirector",
                "Reminder 2019-11-28T09:00+00:00 due 2019-12-05T17:00+00:00 to RegionalDirector",
                "Reminder 2019-12-04T09:00+00:00 due 2019-12-05T17:00+00:00 to RegionalDirector",
                "DueToday 2019-12-05T09:00+00:00 due 2019-12-05T17:00+00:00 to RegionalDirector",
                "Overdue 2019-12-06T09:00+00:00 due 2019-12-05T17:00+00:00 to RegionalDirector",
                "EscalationToNational 2019-12-12T09:00+00:00 due 2019-12-05T17:00+00:00 to National cc RegionalDirector",
            ],
            timeline.Sent.About(Milestone.Agreement, 1).Where(c => c.At >= London.At(2019, 11, 25, 10)).Describe());
    }

    [Fact]
    public void Run_ExtendedTwice_FollowsTheLatest()
    {
        var timeline = Timeline.Start()
            .Then(Instance.Extended(London.At(2019, 9, 19, 12), Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0)))
            .Then(Instance.Extended(London.At(2019, 10, 2, 12), Milestone.Draft, new DateTime(2019, 10, 11, 17, 0, 0)))
            .RunTo(London.At(2019, 10, 31));

        Assert.All(
            timeline.Sent.About(Milestone.Draft).Where(c => c.At >= London.At(2019, 10, 2, 12)),
            c => Assert.Equal(London.At(2019, 10, 11, 17), c.Due));
        Assert.Equal("2019-20|E54000006/extension:2", timeline.Sent.Single(c => c.Kind == MessageKind.ExtensionGranted && c.At == London.At(2019, 10, 2, 12)).Id);
    }

    [Fact]
    public void ExtendedDue_ToAWinterDay_KeepsTheDeadlinesFivePmAcrossTheClockChange()
    {
        var timeline = Timeline.Start();

        var newDue = Timetable.ExtendedDue(timeline.State, timeline.Round, Milestone.Draft, new DateOnly(2019, 11, 1));

        // The draft is due at 5pm in summer time; the new date, after the clocks go back, is still due at 5pm.
        Assert.Equal(new DateTime(2019, 11, 1, 17, 0, 0), newDue);
        Assert.Null(timeline.TryThen(Instance.Extended(London.At(2019, 9, 20), Milestone.Draft, newDue)));
    }

    [Fact]
    public void Extendable_OnceTheDraftIsIn_OffersTheFinalPlanNotTheDraftOrTheOptionalNotice()
    {
        var timeline = Timeline.Start().Then(Instance.Draft(London.At(2019, 9, 20)));

        var offered = Matrix.Extendable(Matrix.Facts(timeline.State, timeline.Round)).Select(f => f.Milestone);

        Assert.Contains(Milestone.Final, offered);
        Assert.DoesNotContain(Milestone.Draft, offered);
        Assert.DoesNotContain(Milestone.Footprint, offered);
    }
}
