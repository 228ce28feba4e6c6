using System.Collections.Immutable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Orchestration.Activities;

namespace Workflow.Orchestration.Tests.Support;

/// <summary>
/// One iteration of an orchestration, run in virtual time: activities answer at once through <paramref name="activities"/>,
/// and the test decides when the timer fires or which event arrives. Retries follow the task options' policy, without waiting.
/// </summary>
internal sealed class FakeOrchestrationContext(string input, DateTime utcNow, Func<string, string, string> activities) : TaskOrchestrationContext
{
    private TaskCompletionSource? _timer;
    private TaskCompletionSource<string>? _event;

    public DateTime? TimerAt { get; private set; }

    public bool IsWaitingForEvent => _event is { Task.IsCompleted: false };

    public string? NextInput { get; private set; }

    /// <summary>
    /// Every activity called, in order, and within an iteration carried out in one activity each of its parts as the
    /// service does them, so a test sees every send and projection whichever way the iteration made them.
    /// </summary>
    public List<(string Name, string Input)> Calls { get; } = [];

    public override TaskName Name => PlanningOrchestrator.Name;

    public override string InstanceId => "test";

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => Now;

    public DateTime Now { get; set; } = utcNow;

    public override bool IsReplaying => false;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public override T? GetInput<T>() where T : default => (T)(object)input;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        var attempts = options?.Retry?.Policy?.MaxNumberOfAttempts ?? 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Task.FromResult((TResult)(object)Answer(name.Name, (string)input!));
            }
            catch (Exception) when (attempt < attempts)
            {
                // Tried again, as the retry policy would after its interval.
            }
            catch (Exception ex)
            {
                return Task.FromException<TResult>(new TaskFailedException(name.Name, Calls.Count, new TaskFailureDetails(ex.GetType().FullName!, ex.Message, null, null, null)));
            }
        }
    }

    private string Answer(string name, string input)
    {
        Calls.Add((name, input));
        return name == ActivityNames.CarryOut ? CarryOut(OrchestrationJson.Read<IterationWork>(input)) : activities(name, input);
    }

    /// <summary>As <c>PlanningActivities</c> carries out an iteration: events and sends, then the projection once every send went.</summary>
    private string CarryOut(IterationWork work)
    {
        foreach (var reported in work.Events)
        {
            Answer(ActivityNames.PublishEvent, OrchestrationJson.Write(reported));
        }
        var sent = work.Sends.Select(s => OrchestrationJson.Read<SendMessageResult>(Answer(ActivityNames.SendMessage, OrchestrationJson.Write(s)))).ToImmutableArray();
        var projected = sent.All(s => s.Sent);
        if (projected)
        {
            Answer(ActivityNames.Project, OrchestrationJson.Write(work.Projection));
        }
        return OrchestrationJson.Write(new IterationWorkDone(sent, projected));
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        TimerAt = fireAt;
        _timer = new TaskCompletionSource();
        cancellationToken.Register(() => _timer.TrySetCanceled());
        return _timer.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        Assert.Equal(PlanningEvent.Name, eventName);
        // As the SDK does, an event that came before anyone waited is handed to the next wait at once.
        if (Buffered.TryDequeue(out var buffered))
        {
            return Task.FromResult((T)(object)OrchestrationJson.Write(buffered));
        }
        _event = new TaskCompletionSource<string>();
        cancellationToken.Register(() => _event.TrySetCanceled());
        return _event.Task.ContinueWith(t => (T)(object)t.Result, cancellationToken, TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>Events raised while the iteration waited on something else (an activity), held by the SDK for its next wait.</summary>
    public Queue<PlanningEvent> Buffered { get; } = new();

    public void FireTimer() => _timer!.SetResult();

    public void Raise(PlanningEvent happened) => _event!.SetResult(OrchestrationJson.Write(happened));

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        Assert.True(preserveUnprocessedEvents, "Events raised during an iteration must reach the next one.");
        NextInput = (string)newInput!;
    }

    /// <summary>Events the orchestration sent, to itself or another instance.</summary>
    public List<(string InstanceId, string Name, object Payload)> SentEvents { get; } = [];

    public override void SendEvent(string instanceId, string eventName, object payload) => SentEvents.Add((instanceId, eventName, payload));

    public override void SetCustomStatus(object? customStatus) => throw new NotSupportedException();

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException();

    public override Guid NewGuid() => throw new NotSupportedException();
}
