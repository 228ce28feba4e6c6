using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Orchestration.Activities;

namespace Workflow.Orchestration.Tests.Support;

/// <summary>One iteration of the orchestrator, run up to its wait, for tests that look at a single step.</summary>
internal sealed class Iteration
{
    private readonly Task _running;

    private Iteration(FakeOrchestrationContext context, Task running)
    {
        Context = context;
        _running = running;
    }

    public FakeOrchestrationContext Context { get; }

    public static InstanceId Id { get; } = new(ShippedRound.Instance.Round.Id, new SystemCode("E54000044"));

    /// <summary>A new instance of the shipped round for one Midlands system, opened at the round's start.</summary>
    public static PlanningInput First(RoundClock? clock = null)
    {
        var started = new InstanceStarted(ShippedRound.Instance.Round.OpensAt, new RegionCode("E40000008"));
        return PlanningOrchestrator.Start(StateMachine.Start(Id, started), started, clock);
    }

    /// <summary>Activities that load the shipped round, send everything and project nothing.</summary>
    public static string Succeed(string name, string payload) => name switch
    {
        ActivityNames.LoadRound => OrchestrationJson.Write(ShippedRound.Instance.Snapshot),
        ActivityNames.SendMessage => OrchestrationJson.Write(SendMessageResult.Delivered),
        _ => "",
    };

    public static Iteration Start(PlanningInput input, Func<string, string, string>? activities = null, DateTime? utcNow = null)
    {
        var json = OrchestrationJson.Write(input);
        var context = new FakeOrchestrationContext(json, utcNow ?? input.Now.UtcDateTime, activities ?? Succeed);
        var running = PlanningOrchestrator.RunAsync(context);
        Assert.False(running.IsCompleted, $"The iteration ended without waiting: {running.Exception}");
        return new Iteration(context, running);
    }

    /// <summary>An iteration that goes on without waiting (one holding an event back): what it called, and the input it continued with.</summary>
    public static (FakeOrchestrationContext Context, PlanningInput Next) RunThrough(PlanningInput input, DateTime utcNow)
    {
        var context = new FakeOrchestrationContext(OrchestrationJson.Write(input), utcNow, Succeed);
        var running = PlanningOrchestrator.RunAsync(context);
        Assert.True(running.IsCompleted, "The iteration waited.");
        running.GetAwaiter().GetResult();
        return (context, OrchestrationJson.Read<PlanningInput>(context.NextInput));
    }

    public IEnumerable<T> Sent<T>(string activity) => Context.Calls.Where(c => c.Name == activity).Select(c => OrchestrationJson.Read<T>(c.Input));

    public PlanningInput Raise(PlanningEvent happened, DateTime? utcNow = null)
    {
        if (utcNow is { } now)
        {
            Context.Now = now;
        }
        Context.Raise(happened);
        return Next();
    }

    public PlanningInput FireTimer(DateTime utcNow)
    {
        Context.Now = utcNow;
        Context.FireTimer();
        return Next();
    }

    private PlanningInput Next()
    {
        _running.GetAwaiter().GetResult();
        return OrchestrationJson.Read<PlanningInput>(Context.NextInput);
    }
}
