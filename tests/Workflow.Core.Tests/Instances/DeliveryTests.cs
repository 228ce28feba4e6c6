using Workflow.Core.Instances;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Instances;

/// <summary>A message that failed for good is kept on the instance until someone asks for it again, then owed under its own id.</summary>
public sealed class DeliveryTests
{
    private static readonly DateTimeOffset Opens = TestRound.Round.OpensAt;

    private static (InstanceState State, Command Timetable) Issued()
    {
        var state = Instance.Started();
        var timetable = StateMachine.Decide(state, TestRound.Round, Opens).Commands.Single();
        return (state.Then(new CommandIssued(Opens, timetable)), timetable);
    }

    [Fact]
    public void Apply_DeliveryFailed_KeepsTheCommandWithWhy()
    {
        var (state, timetable) = Issued();

        var failed = state.Then(new DeliveryFailed(Opens, timetable, "mailbox does not exist"));

        Assert.Equal(new UndeliveredCommand(timetable, Opens, "mailbox does not exist"), failed.Undelivered[timetable.Id]);
    }

    [Fact]
    public void Decide_AfterAResend_OwesTheSameCommandAgainAndNothingUndelivered()
    {
        var (state, timetable) = Issued();
        var later = Opens.AddHours(2);

        var resent = state.Then(new DeliveryFailed(Opens, timetable, "timed out")).Then(new ResendRequested(later, timetable.Id, "national@example.org"));
        var again = Assert.Single(StateMachine.Decide(resent, TestRound.Round, later).Commands, c => c.Kind == MessageKind.Timetable);

        Assert.Empty(resent.Undelivered);
        Assert.Equal((timetable.Id, timetable.Kind, timetable.Detail), (again.Id, again.Kind, again.Detail));
    }

    [Theory]
    [InlineData("not issued", "command 2019-20|E54000006/other has not been issued")]
    [InlineData("failed twice", "is recorded as undelivered already")]
    public void Check_DeliveryFailed_RefusesWhatCannotHaveFailed(string test, string refusal)
    {
        var (state, timetable) = Issued();
        var failedOnce = state.Then(new DeliveryFailed(Opens, timetable, "timed out"));
        var (target, command) = test == "not issued" ? (state, timetable with { Id = "2019-20|E54000006/other" }) : (failedOnce, timetable);

        Assert.Contains(refusal, StateMachine.Check(target, TestRound.Round, new DeliveryFailed(Opens, command, "again")));
    }

    [Fact]
    public void Check_ResendOfAMessageThatWasDelivered_IsRefused()
    {
        var (state, timetable) = Issued();

        Assert.Equal($"there is no undelivered message {timetable.Id} to send again",
            StateMachine.Check(state, TestRound.Round, new ResendRequested(Opens, timetable.Id, "national@example.org")));
    }
}
