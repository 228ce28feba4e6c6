using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Orchestration.Activities;
using Workflow.Orchestration.Tests.Support;

namespace Workflow.Orchestration.Tests;

/// <summary>
/// A round runs for months while new code is deployed: an instance continued as new by an earlier deployment must carry
/// on under this one. Each file in Versions/ is an input as an earlier schema wrote it, kept as it was written.
/// </summary>
public sealed class VersioningTests
{
    private static readonly DateTimeOffset DraftIn = new(2019, 9, 26, 15, 30, 0, TimeSpan.FromHours(1));

    [Fact]
    public void RunAsync_InputWrittenBySchema1_CarriesOnAsAnInstanceStartedNowWould()
    {
        var stored = Read("schema-1-draft-submitted.json");
        var fresh = Iteration.Start(Iteration.First())
            .Raise(new PlanningEvent("page-7f3a", new PlanSubmitted(DraftIn, Milestone.Draft, "pmo@example.org", "plans/2019-20/E54000044/draft/strategy.pdf")), DraftIn.UtcDateTime);
        // Raised long after the first reminder was due, the draft waits until the prompts due by then have gone.
        while (!fresh.Held.IsEmpty)
        {
            fresh = Iteration.RunThrough(fresh, DraftIn.UtcDateTime).Next;
        }

        var old = Iteration.Start(stored);
        var now = Iteration.Start(fresh);

        Assert.Equal(1, stored.Schema);
        var receipt = Assert.Single(old.Sent<SendMessageInput>(ActivityNames.SendMessage)).Command;
        Assert.Equal(MessageKind.SubmissionReceived, receipt.Kind);
        Assert.Equal(now.Sent<SendMessageInput>(ActivityNames.SendMessage).Select(s => s.Command.Id), [receipt.Id]);
        Assert.Equal(now.Context.TimerAt, old.Context.TimerAt);
        Assert.Equal(Stage.FinalDue, old.Sent<ProjectionInput>(ActivityNames.Project).Single().State.Stage);
    }

    [Fact]
    public void RunAsync_InputWrittenBySchema1_TakesItsOwnStepsAndContinuesUnderTheCurrentSchema()
    {
        // An iteration of schema 1 in flight as this code is deployed replays the activities it scheduled: each on its own.
        var old = Iteration.Start(Read("schema-1-draft-submitted.json"));
        var next = old.FireTimer(old.Context.TimerAt!.Value);

        Assert.DoesNotContain(old.Context.Calls, c => c.Name == ActivityNames.CarryOut);
        Assert.Equal(PlanningOrchestrator.Schema, next.Schema);
        Assert.Contains(Iteration.Start(next).Context.Calls, c => c.Name == ActivityNames.CarryOut);
    }

    [Fact]
    public void RunAsync_InputWrittenBySchema2_CarriesOnAsAnInstanceStartedNowWould()
    {
        var stored = Read("schema-2-draft-submitted.json");

        var iteration = Iteration.Start(stored);

        Assert.Equal(2, stored.Schema);
        var work = OrchestrationJson.Read<IterationWork>(Assert.Single(iteration.Context.Calls, c => c.Name == ActivityNames.CarryOut).Input);
        Assert.Equal(MessageKind.SubmissionReceived, Assert.Single(work.Sends).Command.Kind);
        Assert.Equal(Stage.FinalDue, work.Projection.State.Stage);
    }

    private static PlanningInput Read(string file) =>
        OrchestrationJson.Read<PlanningInput>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Versions", file)));
}
