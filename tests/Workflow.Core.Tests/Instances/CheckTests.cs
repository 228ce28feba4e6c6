using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class CheckTests
{
    private static readonly DateTimeOffset T = London.At(2019, 12, 3, 10);

    private static readonly InstanceState Drafting = Instance.Started();

    private static readonly InstanceState DraftIn = Drafting.Then(Instance.Draft(London.At(2019, 9, 26, 15)));

    private static readonly InstanceState Paired = DraftIn.Then(Instance.Paired(London.At(2019, 10, 1, 10)));

    private static readonly InstanceState AwaitingV1 = DraftIn.Then(Instance.Final(London.At(2019, 11, 14, 11)));

    private static readonly InstanceState ChangesV1 = AwaitingV1.Then(Instance.ChangesRequested(London.At(2019, 11, 20, 10), 1));

    private static readonly InstanceState AwaitingV2 = ChangesV1.Then(Instance.Resubmission(London.At(2019, 11, 28, 10)));

    private static readonly InstanceState Agreed = AwaitingV1.Then(Instance.Agreed(London.At(2019, 11, 20, 10), 1));

    private static readonly InstanceState Noticed = Drafting.Then(Instance.FootprintNotice(London.At(2019, 7, 1, 10)));

    private static readonly InstanceState Suspended = Drafting.Then(Instance.Suspended(London.At(2019, 9, 1)));

    /// <summary>Events an instance must refuse in a given state, with (part of) the sentence it refuses them with.</summary>
    private static readonly Dictionary<string, (InstanceState State, InstanceEvent Event, string Refusal)> Refusals = new()
    {
        ["started twice"] = (Drafting, new InstanceStarted(T, Instance.Region), "the instance has started already"),
        ["final before draft"] = (Drafting, Instance.Final(T), "the draft plan must be submitted before the final plan"),
        ["draft twice"] = (DraftIn, Instance.Draft(T), "the draft plan has been submitted already"),
        ["final twice"] = (AwaitingV1, Instance.Final(T), "the final plan has been submitted already"),
        ["resubmission before changes are asked for"] = (AwaitingV1, Instance.Resubmission(T), "a plan can only be resubmitted after the regional director has asked for changes"),
        ["agreement is not a plan"] = (DraftIn, new PlanSubmitted(T, Milestone.Agreement, "pmo@example.org", null), "'agreement' is not a plan submission"),
        ["submission by nobody"] = (Drafting, new PlanSubmitted(T, Milestone.Draft, " ", null), "who acted must be recorded"),
        ["decision with no plan"] = (DraftIn, Instance.Agreed(T, 1), "no final plan has been submitted"),
        ["decision on a superseded version"] = (AwaitingV2, Instance.Agreed(T, 1), "this decision is on plan version 1, but version 2 is the current one"),
        ["decision on a version not yet sent"] = (AwaitingV1, Instance.Agreed(T, 2), "this decision is on plan version 2, but version 1 is the current one"),
        ["second decision"] = (Agreed, Instance.ChangesRequested(T, 1), "a decision on plan version 1 has been recorded already"),
        ["second decision after changes"] = (ChangesV1, Instance.Agreed(T, 1), "a decision on plan version 1 has been recorded already"),
        ["changes without a comment"] = (AwaitingV1, Instance.ChangesRequested(T, 1, comment: " "), "asking for changes needs a comment"),
        ["decision by nobody"] = (AwaitingV1, new DecisionRecorded(T, Outcome.Agreed, 1, "", null), "who acted must be recorded"),
        ["publish before agreement"] = (AwaitingV1, Instance.Published(T), "only an agreed plan can be published"),
        ["publish twice"] = (Agreed.Then(Instance.Published(T)), Instance.Published(T), "the plan's publication has been recorded already"),
        ["publish somewhere not on the web"] = (Agreed, new PlanPublished(T, new Uri("ftp://example.org/plan.pdf"), "pmo@example.org"), "the publication address must be a web address"),
        ["peer feedback before pairing"] = (DraftIn, Instance.PeerFeedback(T), "the system has not been paired for peer review"),
        ["peer feedback from the wrong reviewer"] = (Paired, Instance.PeerFeedback(T, new SystemCode("E54000007")), "E54000007 is not this system's peer reviewer (E54000005)"),
        ["peer feedback before the draft"] = (Drafting.Then(Instance.Paired(London.At(2019, 9, 1))), Instance.PeerFeedback(T), "there is no draft plan to review yet"),
        ["peer feedback twice"] = (Paired.Then(Instance.PeerFeedback(London.At(2019, 10, 20))), Instance.PeerFeedback(T), "peer feedback has been given already"),
        ["paired with itself"] = (DraftIn, new PeerPaired(T, Instance.Id.System), "a system cannot review its own plan"),
        ["regional feedback before the draft"] = (Drafting, Instance.RegionalFeedback(T), "regional feedback is on the draft plan, which has not been submitted"),
        ["regional feedback without a comment"] = (DraftIn, new RegionalFeedbackGiven(T, "rd@example.org", ""), "feedback needs a comment"),
        ["footprint notice after the final plan"] = (AwaitingV1, Instance.FootprintNotice(T), "footprint changes cannot be notified once the final plan is in"),
        ["footprint notice from nobody"] = (Drafting, new FootprintNoticeGiven(T, NoticeSource.LocalAuthority, "", "Districts move"), "a footprint notice must say who gives it"),
        ["footprint notice without a change"] = (Drafting, new FootprintNoticeGiven(T, NoticeSource.LocalAuthority, "Council", " "), "a footprint notice must describe the change"),
        ["acknowledging no notice"] = (Drafting, Instance.Acknowledged(T), "there is no footprint notice 1"),
        ["acknowledging notice 2 of 1"] = (Noticed, Instance.Acknowledged(T, notice: 2), "there is no footprint notice 2"),
        ["acknowledging twice"] = (Noticed.Then(Instance.Acknowledged(London.At(2019, 7, 2))), Instance.Acknowledged(T), "footprint notice 1 has been acknowledged already"),
        ["extension to an earlier date"] = (Drafting, Instance.Extended(T, Milestone.Draft, new DateTime(2019, 9, 26, 17, 0, 0)), "the new due date must be later than the current one (Fri 27 Sep 2019 17:00)"),
        ["extension to the same date"] = (Drafting, Instance.Extended(T, Milestone.Draft, new DateTime(2019, 9, 27, 17, 0, 0)), "must be later than the current one"),
        ["extension to a Saturday"] = (Drafting, Instance.Extended(T, Milestone.Draft, new DateTime(2019, 10, 5, 17, 0, 0)), "Saturday 5 Oct 2019 is not a working day"),
        ["extension to Christmas Day"] = (DraftIn, Instance.Extended(T, Milestone.Final, new DateTime(2019, 12, 25, 17, 0, 0)), "Wednesday 25 Dec 2019 is not a working day"),
        ["extension past the calendar"] = (DraftIn, Instance.Extended(T, Milestone.Final, new DateTime(2031, 1, 6, 17, 0, 0)), "6 Jan 2031 is past the calendar's bank holidays (to 2027)"),
        ["extension of a met milestone"] = (DraftIn, Instance.Extended(T, Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0)), "'draft' has been met already"),
        ["extension of publication before agreement"] = (AwaitingV1, Instance.Extended(T, Milestone.Publication, new DateTime(2020, 2, 4, 17, 0, 0)), "'publication' has not opened yet"),
        ["extension of a resubmission nobody asked for"] = (AwaitingV1, Instance.Extended(T, Milestone.Resubmission, new DateTime(2020, 2, 4, 17, 0, 0)), "'resubmission' has not opened yet"),
        ["extension of the national plan"] = (Drafting, Instance.Extended(T, Milestone.NationalPlan, new DateTime(2020, 2, 4, 17, 0, 0)), "'national-plan' is not a milestone this system can be given more time for"),
        ["extension without a reason"] = (Drafting, Instance.Extended(T, Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0), reason: ""), "an extension needs a reason"),
        ["timetable change to the same version"] = (Drafting, new TimetableChanged(T, 1), "the instance already follows timetable version 1"),
        ["suspended twice"] = (Suspended, Instance.Suspended(T), "the instance is suspended already"),
        ["suspended without a reason"] = (Drafting, new Suspended(T, "national@example.org", ""), "a suspension needs a reason"),
        ["resumed when running"] = (Drafting, Instance.Resumed(T), "the instance is not suspended"),
        ["withdrawn without a reason"] = (Drafting, new Withdrawn(T, "national@example.org", " "), "a withdrawal needs a reason"),
    };

    /// <summary>Events the same states accept, so each refusal above is about its one difference.</summary>
    private static readonly Dictionary<string, (InstanceState State, InstanceEvent Event)> Acceptances = new()
    {
        ["draft"] = (Drafting, Instance.Draft(T)),
        ["late final"] = (DraftIn, Instance.Final(T)),
        ["resubmission"] = (ChangesV1, Instance.Resubmission(T)),
        ["decision on the current version"] = (AwaitingV2, Instance.Agreed(T, 2)),
        ["changes with a comment"] = (AwaitingV1, Instance.ChangesRequested(T, 1)),
        ["publish once agreed"] = (Agreed, Instance.Published(T)),
        ["peer feedback from the peer"] = (Paired, Instance.PeerFeedback(T)),
        ["footprint notice after the draft"] = (DraftIn, Instance.FootprintNotice(T)),
        ["acknowledging notice 1"] = (Noticed, Instance.Acknowledged(T)),
        ["extension to a later working day"] = (Drafting, Instance.Extended(T, Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0))),
        ["extension of the final over Christmas"] = (DraftIn, Instance.Extended(T, Milestone.Final, new DateTime(2019, 12, 27, 17, 0, 0))),
        ["extension of the agreement"] = (AwaitingV1, Instance.Extended(T, Milestone.Agreement, new DateTime(2019, 12, 5, 17, 0, 0))),
        ["timetable version 2"] = (Drafting, new TimetableChanged(T, 2)),
        ["resumed when suspended"] = (Suspended, Instance.Resumed(T)),
        ["withdrawn"] = (Drafting, Instance.Withdrawn(T)),
    };

    public static TheoryData<string> RefusalNames => [.. Refusals.Keys];

    public static TheoryData<string> AcceptanceNames => [.. Acceptances.Keys];

    [Theory]
    [MemberData(nameof(RefusalNames))]
    public void Check_EventNotAllowedNow_IsRefusedWithAReason(string name)
    {
        var (state, evt, refusal) = Refusals[name];

        var reason = StateMachine.Check(state, TestRound.Round, evt);

        Assert.NotNull(reason);
        Assert.Contains(refusal, reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AcceptanceNames))]
    public void Check_EventAllowedNow_IsAccepted(string name)
    {
        var (state, evt) = Acceptances[name];

        Assert.Null(StateMachine.Check(state, TestRound.Round, evt));
    }

    [Fact]
    public void Check_CommandIssuedTwice_IsRefused()
    {
        var command = StateMachine.Decide(Drafting, TestRound.Round, TestRound.Round.OpensAt).Commands[0];
        var issued = Drafting.Then(new CommandIssued(TestRound.Round.OpensAt, command));

        Assert.Equal($"command {command.Id} has been issued already", StateMachine.Check(issued, TestRound.Round, new CommandIssued(T, command)));
    }

    [Fact]
    public void Check_RoundWithoutPeerReviewOrFootprint_RefusesThem()
    {
        string[] dropped = ["peer-review", "footprint", "footprint-acknowledgement"];
        var round = RoundParser.Parse(
            TestRound.Mutated(r =>
            {
                foreach (var id in dropped)
                {
                    r.RemoveMilestone(id);
                    r["reminders"]!.AsArray().Remove(r.Rule("reminders", id));
                    if (id != "footprint")
                    {
                        r["ladder"]!.AsArray().Remove(r.Rule("ladder", id));
                    }
                }
            }),
            TestRound.Calendar).GetValueOrThrow("round without peer review");

        Assert.Equal("this round has no peer review", StateMachine.Check(DraftIn, round, Instance.Paired(T)));
        Assert.Equal("this round takes no footprint change notices", StateMachine.Check(Drafting, round, Instance.FootprintNotice(T)));
    }
}
