using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

public sealed class ApplyTests
{
    /// <summary>The plan's path, one event at a time, and the stage each event leaves it in.</summary>
    public static TheoryData<int, Stage> Path => new()
    {
        { 0, Stage.Drafting },
        { 1, Stage.FinalDue },
        { 2, Stage.AwaitingAgreement },
        { 3, Stage.ChangesRequested },
        { 4, Stage.AwaitingAgreement },
        { 5, Stage.Agreed },
        { 6, Stage.Published },
        { 7, Stage.Withdrawn },
    };

    private static readonly InstanceEvent[] Events =
    [
        Instance.Draft(London.At(2019, 9, 26, 15)),
        Instance.Final(London.At(2019, 11, 14, 11)),
        Instance.ChangesRequested(London.At(2019, 11, 20, 10), 1),
        Instance.Resubmission(London.At(2019, 11, 28, 10)),
        Instance.Agreed(London.At(2019, 12, 2, 10), 2),
        Instance.Published(London.At(2020, 1, 8, 10)),
        Instance.Withdrawn(London.At(2020, 2, 1, 10)),
    ];

    [Theory]
    [MemberData(nameof(Path))]
    public void Apply_EventsAlongThePath_MoveTheStage(int applied, Stage expected)
    {
        var state = Events.Take(applied).Aggregate(Instance.Started(), (s, e) => s.Then(e));

        Assert.Equal(expected, state.Stage);
        Assert.Equal(1 + applied, state.Version);
    }

    [Fact]
    public void Start_Event_SetsIdRegionAndStart()
    {
        var state = StateMachine.Start(Instance.Id, new InstanceStarted(London.At(2019, 6, 27), Instance.Region));

        Assert.Equal((Instance.Id, Instance.Region, London.At(2019, 6, 27), 1, 1), (state.Id, state.Region, state.StartedAt, state.Version, state.RoundVersion));
        Assert.Equal(Stage.Drafting, state.Stage);
    }

    [Fact]
    public void Apply_Submissions_RecordEachPlanVersionAndItsAgreementCycle()
    {
        var state = Events.Take(4).Aggregate(Instance.Started(), (s, e) => s.Then(e));

        Assert.Equal(2, state.PlanVersion);
        Assert.Equal([London.At(2019, 11, 14, 11), London.At(2019, 11, 28, 10)], state.PlanSubmissions);
        Assert.Equal(new MilestoneKey(Milestone.Agreement, 2), state.CurrentKey(Milestone.Agreement));
        Assert.Equal(new MilestoneKey(Milestone.Resubmission, 1), state.CurrentKey(Milestone.Resubmission));
        Assert.True(state.IsDone(Milestone.Resubmission, 1));
        Assert.True(state.IsDone(Milestone.Agreement, 1));
        Assert.False(state.IsDone(Milestone.Agreement, 2));
        Assert.True(state.AwaitsDecision);
    }

    [Fact]
    public void Apply_CommandIssued_RemembersItAndKeepsTheHighestLadderLevel()
    {
        var key = new MilestoneKey(Milestone.Draft, 0);
        Command Ladder(MessageKind kind) => new($"x/{kind}", London.At(2019, 10, 1), kind, Milestone.Draft, 0, London.At(2019, 9, 27, 17), [Role.Pmo], [], 0);

        var state = Instance.Started()
            .Then(new CommandIssued(London.At(2019, 10, 1), Ladder(MessageKind.EscalationToRegion)))
            .Then(new CommandIssued(London.At(2019, 10, 2), Ladder(MessageKind.Overdue)));

        Assert.Equal(LadderLevel.Region, state.Escalations[key]);
        Assert.Contains("x/Overdue", state.Issued);
        Assert.Contains("x/EscalationToRegion", state.Issued);
    }

    [Fact]
    public void Apply_NoticeIssued_IsNoLongerPending()
    {
        var state = Instance.Started().Then(Instance.Draft(London.At(2019, 9, 26, 15)));
        var notice = Assert.Single(state.Pending);

        var result = StateMachine.Decide(state, TestRound.Round, London.At(2019, 9, 26, 15));
        var issued = result.Commands.Aggregate(state, (s, c) => s.Then(new CommandIssued(London.At(2019, 9, 26, 15), c)));

        Assert.Contains(result.Commands, c => c.Id == notice.Id);
        Assert.Empty(issued.Pending);
    }

    [Fact]
    public void Apply_UnknownEvent_Throws() =>
        Assert.Throws<ArgumentException>(() => StateMachine.Apply(Instance.Started(), new Unknown(London.At(2019, 7, 1))));

    private sealed record Unknown(DateTimeOffset At) : InstanceEvent(At);
}
