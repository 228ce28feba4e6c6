using System.Globalization;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Tests.Support;

/// <summary>Builders for one system's instance in the 2019/20 round and the events people raise on it.</summary>
internal static class Instance
{
    public static InstanceId Id { get; } = new(new RoundId("2019-20"), new SystemCode("E54000006"));

    public static RegionCode Region { get; } = new("E40000009");

    public static SystemCode Peer { get; } = new("E54000005");

    public static InstanceState Started(DateTimeOffset? at = null) =>
        StateMachine.Start(Id, new InstanceStarted(at ?? TestRound.Round.OpensAt, Region));

    /// <summary>Applies <paramref name="evt"/> after checking the instance accepts it, as the host does.</summary>
    public static InstanceState Then(this InstanceState state, InstanceEvent evt, Round? round = null)
    {
        var refusal = StateMachine.Check(state, round ?? TestRound.Round, evt);
        return refusal is null
            ? StateMachine.Apply(state, evt)
            : throw new InvalidOperationException($"{evt.GetType().Name} refused: {refusal}");
    }

    public static PlanSubmitted Draft(DateTimeOffset at) => new(at, Milestone.Draft, "pmo@example.org", "plans/draft.pdf");

    public static PlanSubmitted Final(DateTimeOffset at) => new(at, Milestone.Final, "pmo@example.org", "plans/final.pdf");

    public static PlanSubmitted Resubmission(DateTimeOffset at) => new(at, Milestone.Resubmission, "pmo@example.org", "plans/final-revised.pdf");

    public static DecisionRecorded Agreed(DateTimeOffset at, int version) => new(at, Outcome.Agreed, version, "rd@example.org", null);

    public static DecisionRecorded ChangesRequested(DateTimeOffset at, int version, string? comment = "Show the workforce trajectory.") =>
        new(at, Outcome.ChangesRequested, version, "rd@example.org", comment);

    public static PlanPublished Published(DateTimeOffset at) => new(at, new Uri("https://example.org/our-plan"), "pmo@example.org");

    public static DeadlineExtended Extended(DateTimeOffset at, Milestone milestone, DateTime newDue, string reason = "Board meeting moved") =>
        new(at, milestone, newDue, reason, "national@example.org");

    public static FootprintNoticeGiven FootprintNotice(DateTimeOffset at, NoticeSource source = NoticeSource.LocalAuthority) =>
        new(at, source, "Example County Council", "Two districts move to the neighbouring system");

    public static FootprintAcknowledged Acknowledged(DateTimeOffset at, int notice = 1) => new(at, notice, "rd@example.org");

    public static PeerPaired Paired(DateTimeOffset at) => new(at, Peer);

    public static PeerFeedbackGiven PeerFeedback(DateTimeOffset at, SystemCode? reviewer = null) =>
        new(at, reviewer ?? Peer, "peer.pmo@example.org");

    public static RegionalFeedbackGiven RegionalFeedback(DateTimeOffset at) => new(at, "rd@example.org", "Stronger on prevention, please.");

    public static Suspended Suspended(DateTimeOffset at) => new(at, "national@example.org", "Merger under review");

    public static Resumed Resumed(DateTimeOffset at) => new(at, "national@example.org");

    public static Withdrawn Withdrawn(DateTimeOffset at) => new(at, "national@example.org", "Dissolved into two systems");

    public static Restarted Restarted(DateTimeOffset at) => new(at, "national@example.org", "Re-formed after the merger");

    /// <summary>An instant as it reads in London, offset included, so a wrong zone rule shows in the assertion.</summary>
    public static string Local(DateTimeOffset instant) =>
        TestRound.Calendar.ToLocal(instant).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    public static string? Local(DateTimeOffset? instant) => instant is { } at ? Local(at) : null;
}
