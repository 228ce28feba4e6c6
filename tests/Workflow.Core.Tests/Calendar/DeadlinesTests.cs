using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Calendar;

public sealed class DeadlinesTests
{
    private static readonly SystemEntry System = new(Instance.Id.System, "North East and North Cumbria ICS", Instance.Region, "NHS England North East and Yorkshire");

    /// <summary>The shipped round at version 2 without the peer review, so the instance's peer review is no longer required.</summary>
    private static readonly Round WithoutPeerReview = TestRound.Changed(2, r =>
    {
        r.RemoveMilestone("peer-review");
        foreach (var rules in new[] { r["reminders"]!.AsArray(), r["ladder"]!.AsArray() })
        {
            rules.Remove(r.Rule(rules == r["reminders"] ? "reminders" : "ladder", "peer-review"));
        }
    });

    [Fact]
    public void Of_AStartedSystem_HasOneEntryForEachMilestoneWithADate_NamedByRoundSystemAndMilestone()
    {
        var entries = Deadlines.Of(Instance.Id.Round, System, new Journal().Entries, Rounds);

        Assert.Equal([Milestone.Footprint, Milestone.Draft, Milestone.PeerReview, Milestone.Final], entries.Select(e => e.Milestone));
        Assert.Equal("planning-round-2019-20-E54000006-final", entries.Single(e => e.Milestone == Milestone.Final).Uid);
        Assert.Equal("Final system plan due: North East and North Cumbria ICS", entries.Single(e => e.Milestone == Milestone.Final).Summary);
        Assert.All(entries, e => Assert.Equal((0, false, TestRound.Round.OpensAt), (e.Sequence, e.Cancelled, e.Stamp)));
    }

    [Fact]
    public void Of_TheSameJournal_GivesTheSameEntries_AndAnExtensionKeepsEveryUid()
    {
        var journal = new Journal();
        var before = Deadlines.Of(Instance.Id.Round, System, journal.Entries, Rounds);
        journal.Then(Instance.Extended(London.At(2019, 9, 20), Milestone.Draft, new DateTime(2019, 10, 11, 17, 0, 0)));

        var after = Deadlines.Of(Instance.Id.Round, System, journal.Entries, Rounds);

        Assert.Equal([.. after], Deadlines.Of(Instance.Id.Round, System, journal.Entries, Rounds).ToList());
        Assert.Equal(before.Select(e => e.Uid), after.Select(e => e.Uid));
    }

    [Fact]
    public void Of_AfterAnExtension_TheEntryMovesWithItsSequenceUpByOneAndSaysWhy()
    {
        var granted = London.At(2019, 9, 20);
        var journal = new Journal().Then(Instance.Extended(granted, Milestone.Draft, new DateTime(2019, 10, 11, 17, 0, 0), "Board meeting moved"));

        var entries = Deadlines.Of(Instance.Id.Round, System, journal.Entries, Rounds);

        var draft = entries.Single(e => e.Milestone == Milestone.Draft);
        Assert.Equal((London.At(2019, 10, 11, 17), 1, granted), (draft.Due, draft.Sequence, draft.Stamp));
        Assert.Equal("Extended from 27 September 2019 to 11 October 2019: Board meeting moved", draft.Description);
        Assert.All(entries.Where(e => e.Milestone != Milestone.Draft), e => Assert.Equal((0, null), (e.Sequence, e.Description)));
    }

    [Fact]
    public void Of_ASecondExtension_CountsAgain_AndEventsThatMoveNoDateCountNothing()
    {
        var journal = new Journal()
            .Then(Instance.Extended(London.At(2019, 9, 20), Milestone.Draft, new DateTime(2019, 10, 11, 17, 0, 0)))
            .Then(Instance.FootprintNotice(London.At(2019, 9, 23)))
            .Then(Instance.Extended(London.At(2019, 10, 1), Milestone.Draft, new DateTime(2019, 10, 18, 17, 0, 0), "Second board meeting"));

        var draft = Deadlines.Of(Instance.Id.Round, System, journal.Entries, Rounds).Single(e => e.Milestone == Milestone.Draft);

        Assert.Equal((London.At(2019, 10, 18, 17), 2), (draft.Due, draft.Sequence));
        Assert.EndsWith(": Second board meeting", draft.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_DatesAreInEnglandTime_BstInSeptemberAndGmtInNovember()
    {
        var entries = Deadlines.Of(Instance.Id.Round, System, new Journal().Entries, Rounds);

        var draft = entries.Single(e => e.Milestone == Milestone.Draft);
        var final = entries.Single(e => e.Milestone == Milestone.Final);
        Assert.Equal(London.Exactly(2019, 9, 27, 17, 0, 1), draft.Due);
        Assert.Equal(new DateTime(2019, 9, 27, 16, 0, 0, DateTimeKind.Utc), draft.Due.UtcDateTime);
        Assert.Equal(new DateTime(2019, 9, 27, 17, 0, 0), draft.Local);
        Assert.Equal(London.Exactly(2019, 11, 15, 17, 0, 0), final.Due);
        Assert.Equal(new DateTime(2019, 11, 15, 17, 0, 0), final.Local);
    }

    [Fact]
    public void Of_AWithdrawnSystem_CancelsWhatItHadNotMet_AndKeepsWhatItHad()
    {
        var withdrawn = London.At(2019, 10, 2);
        var journal = new Journal()
            .Then(Instance.Draft(London.At(2019, 9, 26)))
            .Then(Instance.Withdrawn(withdrawn));

        var entries = Deadlines.Of(Instance.Id.Round, System, journal.Entries, Rounds);

        var draft = entries.Single(e => e.Milestone == Milestone.Draft);
        Assert.Equal((false, 0), (draft.Cancelled, draft.Sequence));
        var final = entries.Single(e => e.Milestone == Milestone.Final);
        Assert.Equal((true, 1, withdrawn, London.At(2019, 11, 15, 17)), (final.Cancelled, final.Sequence, final.Stamp, final.Due));
    }

    [Fact]
    public void Of_AMilestoneDroppedFromTheTimetable_IsCancelledOnItsLastDate()
    {
        var changed = London.At(2019, 9, 16, 12);
        var journal = new Journal().Then(new TimetableChanged(changed, 2), WithoutPeerReview);

        var entries = Deadlines.Of(Instance.Id.Round, System, journal.Entries, Rounds);

        var peer = entries.Single(e => e.Milestone == Milestone.PeerReview);
        Assert.Equal((true, 1, changed, London.At(2019, 10, 25, 17)), (peer.Cancelled, peer.Sequence, peer.Stamp, peer.Due));
        Assert.Equal("Facilitated peer review feedback due: North East and North Cumbria ICS", peer.Summary);
        Assert.False(entries.Single(e => e.Milestone == Milestone.Final).Cancelled);
    }

    [Fact]
    public void Of_TheAgreementWindow_AppearsWithTheFinalPlanAndMovesWithEachNewVersion()
    {
        var journal = new Journal()
            .Then(Instance.Draft(London.At(2019, 9, 26)))
            .Then(Instance.Final(London.At(2019, 11, 14, 10)));
        var first = Deadlines.Of(Instance.Id.Round, System, journal.Entries, Rounds).Single(e => e.Milestone == Milestone.Agreement);

        journal.Then(Instance.ChangesRequested(London.At(2019, 11, 20, 10), 1)).Then(Instance.Resubmission(London.At(2019, 11, 27, 10)));
        var second = Deadlines.Of(Instance.Id.Round, System, journal.Entries, Rounds).Single(e => e.Milestone == Milestone.Agreement);

        Assert.Equal(0, first.Sequence);
        Assert.Equal(first.Uid, second.Uid);
        Assert.True(second.Due > first.Due);
        Assert.Equal(1, second.Sequence);
    }

    [Fact]
    public void Of_AJournalWithoutItsStart_HasNoEntries() =>
        Assert.Empty(Deadlines.Of(Instance.Id.Round, System, [], Rounds));

    private static Round Rounds(int version) => version == 1 ? TestRound.Round : WithoutPeerReview;

    /// <summary>A journal written as the host writes it: each event prepared, checked and applied, one version each.</summary>
    private sealed class Journal
    {
        private readonly List<JournalEntry> _entries;
        private InstanceState _state;

        public Journal()
        {
            var started = new InstanceStarted(TestRound.Round.OpensAt, Instance.Region);
            _state = StateMachine.Start(Instance.Id, started);
            _entries = [new JournalEntry(started, _state.Version)];
        }

        public IReadOnlyList<JournalEntry> Entries => _entries;

        public Journal Then(InstanceEvent evt, Round? next = null)
        {
            var prepared = StateMachine.Prepare(_state, Rounds(_state.RoundVersion), evt);
            _state = _state.Then(prepared, next ?? Rounds(_state.RoundVersion));
            _entries.Add(new JournalEntry(prepared, _state.Version));
            return this;
        }
    }
}
