using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Tests.Support;

/// <summary>
/// Runs one instance the way the host does: Decide at each wake-up, every command committed as
/// <see cref="CommandIssued"/>, external events checked, appended and followed by Decide at once.
/// </summary>
internal sealed class Timeline
{
    private readonly List<HistoryEntry> _history = [];
    private DateTimeOffset? _wake;

    private Timeline(InstanceState state, Round round, DateTimeOffset now)
    {
        State = state;
        Round = round;
        Now = now;
    }

    public InstanceState State { get; private set; }

    public Round Round { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public DateTimeOffset? NextWakeAt => _wake;

    /// <summary>Called with every Decide the timeline makes, before its commands are applied.</summary>
    public Action<InstanceState, Round, DateTimeOffset, DecideResult>? OnDecide { get; init; }

    /// <summary>Every event applied, in order, with the states either side of it and the round then followed.</summary>
    public IReadOnlyList<HistoryEntry> History => _history;

    public IEnumerable<Command> Sent => _history.Select(h => h.Event).OfType<CommandIssued>().Select(i => i.Command);

    public static Timeline Start(
        DateTimeOffset? at = null, Round? round = null, Action<InstanceState, Round, DateTimeOffset, DecideResult>? onDecide = null)
    {
        var start = at ?? TestRound.Round.OpensAt;
        var timeline = new Timeline(Instance.Started(start), round ?? TestRound.Round, start) { OnDecide = onDecide };
        timeline.DecideAt(start);
        return timeline;
    }

    /// <summary>The driver: Decide from <paramref name="from"/>, then at each wake-up up to <paramref name="to"/>.</summary>
    public static Timeline Run(InstanceState state, Round round, DateTimeOffset from, DateTimeOffset to)
    {
        var timeline = new Timeline(state, round, from);
        timeline.DecideAt(from);
        return timeline.RunTo(to);
    }

    public Timeline RunTo(DateTimeOffset to)
    {
        while (_wake is { } wake && wake <= to)
        {
            DecideAt(wake);
        }
        Now = Now > to ? Now : to;
        return this;
    }

    public Timeline Then(InstanceEvent evt) =>
        TryThen(evt) is { } refusal ? throw new InvalidOperationException($"{evt.GetType().Name} refused: {refusal}") : this;

    /// <summary>Raises <paramref name="evt"/> if the instance accepts it; the refusal otherwise.</summary>
    public string? TryThen(InstanceEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        RunTo(evt.At);
        evt = StateMachine.Prepare(State, Round, evt);
        var refusal = StateMachine.Check(State, Round, evt);
        if (refusal is null)
        {
            Append(evt);
            DecideAt(evt.At);
        }
        return refusal;
    }

    /// <summary>A round-wide change: from <paramref name="at"/> the instance is decided against <paramref name="round"/>.</summary>
    public Timeline Follow(Round round, DateTimeOffset at)
    {
        RunTo(at);
        var changed = StateMachine.Prepare(State, Round, new TimetableChanged(at, round.Version));
        Round = round;
        return Then(changed);
    }

    public DecideResult DecideAt(DateTimeOffset now)
    {
        var result = StateMachine.Decide(State, Round, now);
        OnDecide?.Invoke(State, Round, now, result);
        foreach (var command in result.Commands)
        {
            if (State.Issued.Contains(command.Id))
            {
                throw new InvalidOperationException($"Decide at {now:O} issued {command.Id} a second time.");
            }
            Append(new CommandIssued(now, command));
        }
        if (result.NextWakeAt is { } next && next <= now)
        {
            throw new InvalidOperationException($"Decide at {now:O} asked to wake at {next:O}, which is not later.");
        }
        _wake = result.NextWakeAt;
        Now = now;
        return result;
    }

    private void Append(InstanceEvent evt)
    {
        var before = State;
        State = StateMachine.Apply(State, evt);
        _history.Add(new HistoryEntry(evt, before, State, Round));
    }
}

internal sealed record HistoryEntry(InstanceEvent Event, InstanceState Before, InstanceState After, Round Round)
{
    public Command? Command => (Event as CommandIssued)?.Command;
}
