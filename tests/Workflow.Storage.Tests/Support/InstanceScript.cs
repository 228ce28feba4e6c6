using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Storage.Tests.Support;

/// <summary>One event of a driven instance and its state after it.</summary>
internal sealed record Step(InstanceEvent Event, InstanceState After);

/// <summary>
/// Drives one instance as the orchestration does (Decide at each wake-up, each command issued as an event, people's
/// events checked and applied), keeping every step to project.
/// </summary>
internal sealed class InstanceScript
{
    private readonly Round _round;
    private readonly List<Step> _changes = [];
    private DateTimeOffset? _wake;

    public InstanceScript(InstanceId? id = null, DateTimeOffset? at = null, Round? round = null)
    {
        _round = round ?? TestData.Round;
        Started = new InstanceStarted(at ?? _round.OpensAt, TestData.Region);
        Initial = StateMachine.Start(id ?? TestData.Instance, Started);
        State = Initial;
        DecideAt(Started.At);
    }

    public InstanceStarted Started { get; }

    public InstanceState Initial { get; }

    public InstanceState State { get; private set; }

    public IReadOnlyList<Step> Changes => _changes;

    /// <summary>The whole 2019/20 round for one system: a footprint notice, a late draft, an extension, changes asked for, agreement.</summary>
    public static InstanceScript EventfulRound(InstanceId? id = null) => new InstanceScript(id)
        .Then(new FootprintNoticeGiven(TestData.London(7, 15), NoticeSource.LocalAuthority, "Example County Council", "Two districts move to the neighbouring system"))
        .Then(new FootprintAcknowledged(TestData.London(8, 20), 1, "rd@example.org"))
        .Then(new PeerPaired(TestData.London(10, 3), TestData.Peer))
        .Then(new PlanSubmitted(TestData.London(10, 4), Milestone.Draft, "pmo@example.org", "plans/draft.pdf"))
        .Then(new RegionalFeedbackGiven(TestData.London(10, 8), "rd@example.org", "Stronger on prevention, please."))
        .Then(new PeerFeedbackGiven(TestData.London(10, 22), TestData.Peer, "peer.pmo@example.org"))
        .Then(new DeadlineExtended(TestData.London(11, 1), Milestone.Final, new DateTime(2019, 11, 22, 17, 0, 0), "Board meeting moved", "national@example.org"))
        .Then(new PlanSubmitted(TestData.London(11, 21), Milestone.Final, "pmo@example.org", "plans/final.pdf"))
        .Then(new DecisionRecorded(TestData.London(11, 28), Outcome.ChangesRequested, 1, "rd@example.org", "Show the workforce trajectory."))
        .Then(new PlanSubmitted(TestData.London(12, 5), Milestone.Resubmission, "pmo@example.org", "plans/final-v2.pdf"))
        .Then(new DecisionRecorded(TestData.London(12, 10), Outcome.Agreed, 2, "rd@example.org", null))
        .RunTo(TestData.London(12, 12));

    public InstanceScript Then(InstanceEvent evt)
    {
        RunTo(evt.At);
        if (StateMachine.Check(State, _round, evt) is { } refusal)
        {
            throw new InvalidOperationException($"{evt.GetType().Name} refused: {refusal}");
        }
        Append(evt);
        DecideAt(evt.At);
        return this;
    }

    public InstanceScript RunTo(DateTimeOffset to)
    {
        while (_wake is { } wake && wake <= to)
        {
            DecideAt(wake);
            if (_wake <= wake)
            {
                throw new InvalidOperationException($"Decide at {wake:O} asked to wake at {_wake:O} again.");
            }
        }
        return this;
    }

    private void DecideAt(DateTimeOffset now)
    {
        var result = StateMachine.Decide(State, _round, now);
        foreach (var command in result.Commands)
        {
            Append(new CommandIssued(now, command));
        }
        _wake = result.NextWakeAt;
    }

    private void Append(InstanceEvent evt)
    {
        State = StateMachine.Apply(State, evt);
        _changes.Add(new Step(evt, State));
    }
}
