using CsCheck;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Properties;

internal enum Act
{
    Draft,
    Final,
    Resubmit,
    Agree,
    RequestChanges,
    Publish,
    Extend,
    Suspend,
    Resume,
    Pair,
    PeerFeedback,
    FootprintNotice,
    Acknowledge,
    RegionalFeedback,
    ChangeTimetable,
    Withdraw,
    Restart,
    Tick,
}

/// <summary>Something a person (or the host's timer) does, <see cref="Minutes"/> after the round opens.</summary>
internal sealed record Step(int Minutes, Act Act, int Arg)
{
    public override string ToString() => $"{Instance.Local(Scenario.Opens.AddMinutes(Minutes))} {Act} {Arg}";
}

/// <summary>
/// Random runs of one instance through the round: steps at random instants, each raised only if the instance
/// accepts it then, so every run is one a real system could have.
/// </summary>
internal static class Scenario
{
    public static readonly DateTimeOffset Opens = TestRound.Round.OpensAt;

    /// <summary>Every step falls before this; the runs go on to <see cref="End"/> so ladders can finish.</summary>
    public static readonly DateTimeOffset LastStep = London.At(2020, 1, 31, 17);

    public static readonly DateTimeOffset End = London.At(2020, 3, 31, 17);

    /// <summary>A round-wide change part-way through: draft and final a week later.</summary>
    public static readonly Round Version2 = TestRound.Changed(2, r =>
    {
        r.Milestone("draft")["due"] = "2019-10-04T17:00";
        r.Milestone("peer-review")["opens"] = "2019-10-08T09:00";
        r.Milestone("final")["due"] = "2019-11-22T17:00";
    });

    // Weights keep the plan moving: withdrawal and timetable changes are rare, submissions and decisions common.
    private static readonly (Act Act, int Weight)[] Weights =
    [
        (Act.Draft, 6), (Act.Final, 6), (Act.Resubmit, 5), (Act.Agree, 4), (Act.RequestChanges, 4), (Act.Publish, 3),
        (Act.Extend, 5), (Act.Suspend, 2), (Act.Resume, 3), (Act.Pair, 3), (Act.PeerFeedback, 3), (Act.FootprintNotice, 2),
        (Act.Acknowledge, 2), (Act.RegionalFeedback, 1), (Act.ChangeTimetable, 1), (Act.Withdraw, 1), (Act.Restart, 1), (Act.Tick, 8),
    ];

    private static readonly Act[] Table = [.. Weights.SelectMany(w => Enumerable.Repeat(w.Act, w.Weight))];

    public static readonly Gen<Step[]> Steps =
        Gen.Select(Gen.Int[0, (int)(LastStep - Opens).TotalMinutes], Gen.Int[0, Table.Length - 1], Gen.Int[1, 10],
                (minutes, act, arg) => new Step(minutes, Table[act], arg))
            .Array[0, 24]
            .Select(steps => steps.OrderBy(s => s.Minutes).ToArray());

    /// <summary>Plays <paramref name="steps"/> and runs the timer on to <see cref="End"/>, resuming a suspension left open.</summary>
    public static Timeline Play(Step[] steps, Action<InstanceState, Round, DateTimeOffset, DecideResult>? onDecide = null)
    {
        var timeline = Timeline.Start(onDecide: onDecide);
        foreach (var step in steps)
        {
            var at = Opens.AddMinutes(step.Minutes);
            timeline.RunTo(at);
            if (step.Act == Act.Tick)
            {
                timeline.DecideAt(at);
            }
            else if (step.Act == Act.ChangeTimetable)
            {
                if (timeline.State.WithdrawnAt is null && timeline.Round.Version == 1)
                {
                    timeline.Follow(Version2, at);
                }
            }
            else if (ToEvent(step, at, timeline) is { } evt)
            {
                timeline.TryThen(evt);
            }
        }
        if (timeline.State.IsSuspended && timeline.State.WithdrawnAt is null)
        {
            timeline.Then(Instance.Resumed(timeline.Now > LastStep ? timeline.Now : LastStep));
        }
        return timeline.RunTo(End);
    }

    private static InstanceEvent? ToEvent(Step step, DateTimeOffset at, Timeline timeline)
    {
        var state = timeline.State;
        return step.Act switch
        {
            Act.Draft => Instance.Draft(at),
            Act.Final => Instance.Final(at),
            Act.Resubmit => Instance.Resubmission(at),
            Act.Agree => Instance.Agreed(at, state.PlanVersion),
            Act.RequestChanges => Instance.ChangesRequested(at, state.PlanVersion),
            Act.Publish => Instance.Published(at),
            Act.Extend => Extension(step, at, timeline),
            Act.Suspend => Instance.Suspended(at),
            Act.Resume => Instance.Resumed(at),
            Act.Pair => Instance.Paired(at),
            Act.PeerFeedback => Instance.PeerFeedback(at),
            Act.FootprintNotice => Instance.FootprintNotice(at, step.Arg % 2 == 0 ? NoticeSource.System : NoticeSource.LocalAuthority),
            Act.Acknowledge => Instance.Acknowledged(at, Math.Max(1, state.FootprintNotices.Count)),
            Act.RegionalFeedback => Instance.RegionalFeedback(at),
            Act.Withdraw => Instance.Withdrawn(at),
            Act.Restart => Instance.Restarted(at),
            _ => null,
        };
    }

    /// <summary>One of the milestones the instance is waiting on, given <see cref="Step.Arg"/> more working days.</summary>
    private static DeadlineExtended? Extension(Step step, DateTimeOffset at, Timeline timeline)
    {
        var open = Timetable.Open(timeline.State, timeline.Round).ToList();
        if (open.Count == 0)
        {
            return null;
        }
        var key = open[step.Arg % open.Count];
        if (Timetable.Due(timeline.State, timeline.Round, key) is not { } due)
        {
            return null;
        }
        var calendar = timeline.Round.Calendar;
        var local = calendar.ToLocal(due).DateTime;
        var date = calendar.AddWorkingDays(DateOnly.FromDateTime(local), step.Arg);
        return Instance.Extended(at, key.Milestone, date.ToDateTime(TimeOnly.FromDateTime(local)));
    }
}
