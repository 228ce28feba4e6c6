using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

/// <summary>A prompt that never reached the PMO is the regional director's to chase: they hear of it, once per message.</summary>
public sealed class PromptUndeliveredTests
{
    private static readonly DateTimeOffset Opens = TestRound.Round.OpensAt;

    private static (InstanceState State, Command Timetable) Issued()
    {
        var state = Instance.Started();
        var timetable = StateMachine.Decide(state, TestRound.Round, Opens).Commands.Single();
        return (state.Then(new CommandIssued(Opens, timetable)), timetable);
    }

    private static IEnumerable<Command> Notices(InstanceState state, DateTimeOffset now) =>
        StateMachine.Decide(state, TestRound.Round, now).Commands.Where(c => c.Kind == MessageKind.PromptUndelivered);

    [Fact]
    public void Decide_PmoPromptBounced_TellsTheDirectorWhy()
    {
        var (state, timetable) = Issued();
        var later = Opens.AddHours(1);

        var bounced = state.Then(new DeliveryFailed(later, timetable, "550 mailbox unavailable") { Recipient = Role.Pmo });
        var notice = Assert.Single(Notices(bounced, later));

        Assert.Equal([Role.RegionalDirector], notice.To.ToArray());
        Assert.Empty(notice.Copy);
        Assert.Equal("550 mailbox unavailable", notice.Detail);
    }

    [Fact]
    public void Decide_SendFailedForAPmoPrompt_TellsTheDirector()
    {
        var (state, timetable) = Issued();

        Assert.Single(Notices(state.Then(new DeliveryFailed(Opens, timetable, "rejected")), Opens));
    }

    [Theory]
    [InlineData(MessageKind.Timetable, Role.PeerPmo)]
    [InlineData(MessageKind.Overdue, Role.RegionalDirector)]
    [InlineData(MessageKind.SubmissionReceived, Role.Pmo)]
    [InlineData(MessageKind.ApprovalRequest, null)]
    public void Decide_FailureThatIsNotAPmoPrompt_TellsNobody(MessageKind kind, Role? recipient)
    {
        var (state, timetable) = Issued();
        var command = timetable with { Kind = kind, To = kind == MessageKind.ApprovalRequest ? [Role.RegionalDirector] : [Role.Pmo] };

        Assert.Empty(Notices(state.Then(new DeliveryFailed(Opens, command, "bounced") { Recipient = recipient }), Opens));
    }

    [Fact]
    public void Decide_SamePromptFailsAgainAfterAResend_TellsTheDirectorOnce()
    {
        var (state, timetable) = Issued();
        var later = Opens.AddHours(1);
        var failed = state.Then(new DeliveryFailed(Opens, timetable, "bounced") { Recipient = Role.Pmo });
        var notice = Notices(failed, Opens).Single();
        var resent = failed.Then(new CommandIssued(Opens, notice)).Then(new ResendRequested(later, timetable.Id, "national@example.org"));

        var failedAgain = resent.Then(new DeliveryFailed(later, timetable, "bounced again") { Recipient = Role.Pmo });

        Assert.Empty(Notices(failedAgain, later));
    }
}
