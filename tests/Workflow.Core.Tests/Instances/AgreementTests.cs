using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class AgreementTests
{
    private static Timeline FinalSubmitted(DateTimeOffset at) =>
        Timeline.Start().Then(Instance.Draft(London.At(2019, 9, 26, 15))).Then(Instance.Final(at));

    [Fact]
    public void Decide_FinalSubmitted_AcknowledgesItAndAsksTheDirectorToDecide()
    {
        var timeline = FinalSubmitted(London.At(2019, 11, 14, 11));

        var sent = timeline.Sent.Where(c => c.At == London.At(2019, 11, 14, 11)).ToList();
        Assert.Equal(
            [
                "SubmissionReceived 2019-11-14T11:00+00:00 due 2019-11-15T17:00+00:00 to Pmo cc RegionalDirector",
                "ApprovalRequest 2019-11-14T11:00+00:00 due 2019-11-28T17:00+00:00 to RegionalDirector",
            ],
            sent.Describe());
        Assert.Equal(["2019-20|E54000006/received:plan-v1", "2019-20|E54000006/approval:v1"], sent.Select(c => c.Id));
        Assert.Equal(new MilestoneKey(Milestone.Agreement, 1), sent[1].Key);
        Assert.All(sent, c => Assert.Equal(1, c.PlanVersion));
        Assert.Equal(Stage.AwaitingAgreement, timeline.State.Stage);
    }

    [Fact]
    public void Run_PlanNotDecided_RemindsTheDirectorThenEscalatesToNational()
    {
        const string due = "due 2019-11-28T17:00+00:00";

        var timeline = FinalSubmitted(London.At(2019, 11, 14, 11)).RunTo(London.At(2020, 1, 31));

        Assert.Equal(
            [
                $"ApprovalRequest 2019-11-14T11:00+00:00 {due} to RegionalDirector",
                $"Reminder 2019-11-21T09:00+00:00 {due} to RegionalDirector",
                $"Reminder 2019-11-27T09:00+00:00 {due} to RegionalDirector",
                $"DueToday 2019-11-28T09:00+00:00 {due} to RegionalDirector",
                $"Overdue 2019-11-29T09:00+00:00 {due} to RegionalDirector",
                $"EscalationToNational 2019-12-05T09:00+00:00 {due} to National cc RegionalDirector",
            ],
            timeline.Sent.About(Milestone.Agreement, 1).Describe());
        Assert.DoesNotContain(timeline.Sent.About(Milestone.Final), c => c.IsChaser() && c.At > London.At(2019, 11, 14, 11));
    }

    [Fact]
    public void Run_ChangesRequestedTwiceThenAgreedAndPublished_FollowsEveryPlanVersion()
    {
        var timeline = FinalSubmitted(London.At(2019, 11, 14, 11))
            .Then(Instance.ChangesRequested(London.At(2019, 11, 20, 10), version: 1))
            .Then(Instance.Resubmission(London.At(2019, 12, 2, 10)))
            .Then(Instance.ChangesRequested(London.At(2019, 12, 4, 10), version: 2))
            .Then(Instance.Resubmission(London.At(2019, 12, 10, 10)))
            .Then(Instance.Agreed(London.At(2019, 12, 12, 10), version: 3))
            .Then(Instance.Published(London.At(2020, 1, 8, 10)))
            .RunTo(London.At(2020, 3, 31));

        Assert.Equal(
            [
                "ChangesRequested 2019-11-20T10:00+00:00 due 2019-12-04T17:00+00:00 to Pmo",
                "Reminder 2019-11-27T09:00+00:00 due 2019-12-04T17:00+00:00 to Pmo",
                "SubmissionReceived 2019-12-02T10:00+00:00 due 2019-12-04T17:00+00:00 to Pmo cc RegionalDirector",
                "ApprovalRequest 2019-12-02T10:00+00:00 due 2019-12-16T17:00+00:00 to RegionalDirector",
                "ChangesRequested 2019-12-04T10:00+00:00 due 2019-12-18T17:00+00:00 to Pmo",
                "SubmissionReceived 2019-12-10T10:00+00:00 due 2019-12-18T17:00+00:00 to Pmo cc RegionalDirector",
                "ApprovalRequest 2019-12-10T10:00+00:00 due 2019-12-24T17:00+00:00 to RegionalDirector",
                "Agreed 2019-12-12T10:00+00:00 due 2020-01-14T17:00+00:00 to Pmo cc National",
                "Reminder 2020-01-07T09:00+00:00 due 2020-01-14T17:00+00:00 to Pmo",
                "Published 2020-01-08T10:00+00:00 due 2020-01-14T17:00+00:00 to RegionalDirector+National",
            ],
            timeline.Sent.Where(c => c.At > London.At(2019, 11, 14, 11)).Where(c => c.Milestone is not Milestone.Final).Describe());
        Assert.Equal(
            ["approval:v1", "approval:v2", "approval:v3"],
            timeline.Sent.Where(c => c.Kind == MessageKind.ApprovalRequest).Select(c => c.Id.Split('/')[^1]));
        Assert.Equal([1, 2, 3], timeline.Sent.Where(c => c.Kind == MessageKind.ApprovalRequest).Select(c => c.PlanVersion));
        Assert.Equal(
            [new MilestoneKey(Milestone.Resubmission, 1), new MilestoneKey(Milestone.Resubmission, 2)],
            timeline.Sent.Where(c => c.Kind == MessageKind.ChangesRequested).Select(c => c.Key!.Value));
        Assert.Equal(Stage.Published, timeline.State.Stage);
        Assert.Equal(3, timeline.State.PlanVersion);
    }

    [Fact]
    public void Run_Published_SendsNothingMoreAndNeverWakes()
    {
        var timeline = FinalSubmitted(London.At(2019, 11, 14, 11))
            .Then(Instance.Agreed(London.At(2019, 11, 20, 10), version: 1))
            .Then(Instance.Published(London.At(2019, 12, 2, 10)));
        var sentBefore = timeline.Sent.Count();

        timeline.RunTo(London.At(2020, 12, 31));

        Assert.Equal(Stage.Published, timeline.State.Stage);
        Assert.Equal(new Uri("https://example.org/our-plan"), timeline.State.PublishedUrl);
        Assert.Equal(sentBefore, timeline.Sent.Count());
        Assert.Null(timeline.NextWakeAt);
        Assert.Equal(MessageKind.Published, timeline.Sent.Last().Kind);
    }

    [Fact]
    public void Run_AgreedButNotPublished_RemindsThenEscalatesToRegion()
    {
        const string due = "due 2019-12-18T17:00+00:00";

        var timeline = FinalSubmitted(London.At(2019, 11, 14, 11))
            .Then(Instance.Agreed(London.At(2019, 11, 20, 10), version: 1))
            .RunTo(London.At(2020, 3, 31));

        Assert.Equal(
            [
                $"Agreed 2019-11-20T10:00+00:00 {due} to Pmo cc National",
                $"Reminder 2019-12-11T09:00+00:00 {due} to Pmo",
                $"Overdue 2019-12-19T09:00+00:00 {due} to Pmo cc RegionalDirector",
                $"EscalationToRegion 2019-12-27T09:00+00:00 {due} to RegionalDirector cc Pmo", // 25 and 26 Dec are not counted
            ],
            timeline.Sent.About(Milestone.Publication).Describe());
    }

    [Fact]
    public void Run_ResubmissionNotSent_ChasesItOnItsOwnLadder()
    {
        const string due = "due 2019-12-04T17:00+00:00";

        var timeline = FinalSubmitted(London.At(2019, 11, 14, 11))
            .Then(Instance.ChangesRequested(London.At(2019, 11, 20, 10), version: 1))
            .RunTo(London.At(2020, 1, 31));

        Assert.Equal(
            [
                $"ChangesRequested 2019-11-20T10:00+00:00 {due} to Pmo",
                $"Reminder 2019-11-27T09:00+00:00 {due} to Pmo",
                $"Reminder 2019-12-03T09:00+00:00 {due} to Pmo",
                $"DueToday 2019-12-04T09:00+00:00 {due} to Pmo",
                $"Overdue 2019-12-05T09:00+00:00 {due} to Pmo cc RegionalDirector",
                $"EscalationToRegion 2019-12-09T09:00+00:00 {due} to RegionalDirector cc Pmo",
                $"EscalationToNational 2019-12-11T09:00+00:00 {due} to National cc RegionalDirector+Pmo",
            ],
            timeline.Sent.About(Milestone.Resubmission, 1).Describe());
        Assert.DoesNotContain(timeline.Sent.About(Milestone.Agreement, 1), c => c.IsChaser() && c.At > London.At(2019, 11, 20, 10));
    }
}
