using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class PeerReviewTests
{
    private const string PeerDue = "due 2019-10-25T17:00+01:00";

    private static Timeline DraftIn() => Timeline.Start().Then(Instance.Draft(London.At(2019, 9, 26, 15)));

    [Fact]
    public void Run_PairedBeforeTheWindow_SendsThePairingToBothPmosWhenItOpens()
    {
        var timeline = DraftIn().Then(Instance.Paired(London.At(2019, 10, 1, 10)));
        Assert.Empty(timeline.Sent.About(Milestone.PeerReview));

        timeline.RunTo(London.At(2019, 10, 7, 9));

        var pairing = Assert.Single(timeline.Sent.About(Milestone.PeerReview));
        Assert.Equal($"PeerReviewPairing 2019-10-07T09:00+01:00 {PeerDue} to Pmo+PeerPmo", pairing.Describe());
        Assert.Equal("2019-20|E54000006/peer-pairing:E54000005", pairing.Id);
    }

    [Fact]
    public void Run_NoFeedback_RemindsThePeerThenEscalates()
    {
        var timeline = DraftIn().Then(Instance.Paired(London.At(2019, 10, 1, 10))).RunTo(London.At(2019, 11, 10));

        Assert.Equal(
            [
                $"PeerReviewPairing 2019-10-07T09:00+01:00 {PeerDue} to Pmo+PeerPmo",
                $"Reminder 2019-10-18T09:00+01:00 {PeerDue} to PeerPmo",
                $"Reminder 2019-10-24T09:00+01:00 {PeerDue} to PeerPmo",
                $"DueToday 2019-10-25T09:00+01:00 {PeerDue} to PeerPmo",
                $"Overdue 2019-10-28T09:00+00:00 {PeerDue} to PeerPmo cc RegionalDirector", // the clocks went back on 27 Oct
                $"EscalationToRegion 2019-10-30T09:00+00:00 {PeerDue} to RegionalDirector cc PeerPmo",
            ],
            timeline.Sent.About(Milestone.PeerReview).Describe());
    }

    [Fact]
    public void Run_FeedbackGiven_TellsThePmoAndStopsChasingThePeer()
    {
        var timeline = DraftIn()
            .Then(Instance.Paired(London.At(2019, 10, 1, 10)))
            .Then(Instance.PeerFeedback(London.At(2019, 10, 21, 12)))
            .RunTo(London.At(2019, 11, 10));

        var sent = timeline.Sent.About(Milestone.PeerReview).ToList();
        Assert.Equal($"PeerFeedbackReceived 2019-10-21T12:00+01:00 {PeerDue} to Pmo cc RegionalDirector", sent[^1].Describe());
        Assert.Equal([MessageKind.PeerReviewPairing, MessageKind.Reminder, MessageKind.PeerFeedbackReceived], sent.Select(c => c.Kind));
    }

    [Fact]
    public void Run_FeedbackGivenWithItsText_TheMessageToThePmoCarriesIt()
    {
        var timeline = DraftIn()
            .Then(Instance.Paired(London.At(2019, 10, 1, 10)))
            .Then(new PeerFeedbackGiven(London.At(2019, 10, 21, 12), Instance.Peer, "peer pmo", "Strong on prevention; thin on workforce."))
            .RunTo(London.At(2019, 10, 22));

        var received = Assert.Single(timeline.Sent, c => c.Kind == MessageKind.PeerFeedbackReceived);
        Assert.Equal("Strong on prevention; thin on workforce.", received.Detail);
    }

    [Fact]
    public void Run_FeedbackBeforeTheWindowOpens_NoPairingMessageAskingForItAfterwards()
    {
        var timeline = DraftIn()
            .Then(Instance.Paired(London.At(2019, 10, 1, 10)))
            .Then(Instance.PeerFeedback(London.At(2019, 10, 3, 12)))
            .RunTo(London.At(2019, 11, 10));

        Assert.Equal([MessageKind.PeerFeedbackReceived], timeline.Sent.About(Milestone.PeerReview).Select(c => c.Kind));
    }

    [Fact]
    public void Run_PairedOnASaturdayInsideTheWindow_SendsThePairingOnMonday()
    {
        var timeline = DraftIn().Then(Instance.Paired(London.At(2019, 10, 12, 11)));
        Assert.Empty(timeline.Sent.About(Milestone.PeerReview));

        timeline.RunTo(London.At(2019, 10, 14, 12));

        Assert.Equal("2019-10-14T09:00+01:00", Instance.Local(Assert.Single(timeline.Sent.About(Milestone.PeerReview)).At));
    }

    [Fact]
    public void Run_PairedOnAWorkingDayInsideTheWindow_SendsThePairingAtOnce()
    {
        var timeline = DraftIn().Then(Instance.Paired(London.At(2019, 10, 9, 14)));

        Assert.Equal("2019-10-09T14:00+01:00", Instance.Local(Assert.Single(timeline.Sent.About(Milestone.PeerReview)).At));
    }

    [Fact]
    public void Run_FinalSubmittedBeforeFeedback_StopsChasingThePeer()
    {
        var timeline = DraftIn()
            .Then(Instance.Paired(London.At(2019, 10, 1, 10)))
            .Then(Instance.Final(London.At(2019, 10, 15, 10)))
            .RunTo(London.At(2019, 11, 10));

        Assert.Equal([MessageKind.PeerReviewPairing], timeline.Sent.About(Milestone.PeerReview).Select(c => c.Kind));
    }
}
