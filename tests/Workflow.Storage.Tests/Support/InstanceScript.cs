using System.Text.Json;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Storage.Instances;
using Workflow.Storage.Json;

namespace Workflow.Storage.Tests.Support;

/// <summary>
/// Drives one instance as the host does (Decide at each wake-up, each command issued as an event with its outbox
/// item, people's events checked and appended), keeping every step as a <see cref="Change"/> to commit.
/// </summary>
internal sealed class InstanceScript
{
    private readonly Round _round;
    private readonly List<Change> _changes = [];
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

    public IReadOnlyList<Change> Changes => _changes;

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
        Append(evt, []);
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

    /// <summary><paramref name="count"/> reminders issued one after another from <paramref name="from"/>, each owing a message.</summary>
    public static IReadOnlyList<Change> Reminders(InstanceState from, int count)
    {
        var changes = new List<Change>();
        var state = from;
        for (var n = 1; n <= count; n++)
        {
            var command = new Command($"{state.Id}/test/{n}", TestData.London(7, 1), MessageKind.Reminder, Milestone.Draft, 0,
                TestData.Round.FixedDue(Milestone.Draft), [Role.Pmo], [], 0);
            var evt = new CommandIssued(command.At, command);
            state = StateMachine.Apply(state, evt);
            changes.Add(new Change(evt, state, [OutboxFor(command)]));
        }
        return changes;
    }

    public static OutboxItem OutboxFor(Command command) =>
        new(command.Id, OutboxKind.Message, JsonSerializer.Serialize(command, StorageJson.Default.Command));

    private void DecideAt(DateTimeOffset now)
    {
        var result = StateMachine.Decide(State, _round, now);
        foreach (var command in result.Commands)
        {
            Append(new CommandIssued(now, command), [OutboxFor(command)]);
        }
        _wake = result.NextWakeAt;
    }

    private void Append(InstanceEvent evt, IReadOnlyList<OutboxItem> outbox)
    {
        State = StateMachine.Apply(State, evt);
        _changes.Add(new Change(evt, State, outbox));
    }
}
