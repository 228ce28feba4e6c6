using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Core.Rounds;
using Workflow.Orchestration.Activities;
using Workflow.Orchestration.Tests.Support;

namespace Workflow.Orchestration.Tests;

public sealed class PlanningOrchestratorTests
{
    private static readonly DateTimeOffset Opens = ShippedRound.Instance.Round.OpensAt;

    [Fact]
    public void RunAsync_NewInstance_LoadsItsRoundSendsTheTimetableAndProjectsBoth()
    {
        var iteration = Iteration.Start(Iteration.First());

        Assert.Equal(ActivityNames.LoadRound, iteration.Context.Calls[0].Name);
        var sent = Assert.Single(iteration.Sent<SendMessageInput>(ActivityNames.SendMessage));
        Assert.Equal(MessageKind.Timetable, sent.Command.Kind);
        var projected = Assert.Single(iteration.Sent<ProjectionInput>(ActivityNames.Project));
        Assert.Collection(projected.Entries, e => Assert.IsType<InstanceStarted>(e.Event), e => Assert.IsType<CommandIssued>(e.Event));
        Assert.Contains(sent.Command.Id, projected.State.Issued);
    }

    [Fact]
    public void RunAsync_StartedWithItsRound_LoadsNothingAndSendsTheTimetable()
    {
        var started = new InstanceStarted(Opens, new Workflow.Core.RegionCode("E40000008"));
        var input = PlanningOrchestrator.Start(StateMachine.Start(Iteration.Id, started), started, null, ShippedRound.Instance.Snapshot);

        var iteration = Iteration.Start(input);

        Assert.DoesNotContain(iteration.Context.Calls, c => c.Name == ActivityNames.LoadRound);
        Assert.Equal(MessageKind.Timetable, Assert.Single(iteration.Sent<SendMessageInput>(ActivityNames.SendMessage)).Command.Kind);
        Assert.Throws<ArgumentException>(() => PlanningOrchestrator.Start(
            StateMachine.Start(Iteration.Id, started with { RoundVersion = 2 }), started with { RoundVersion = 2 }, null, ShippedRound.Instance.Snapshot));
    }

    [Fact]
    public void Receive_SameEventIdTwice_AppliesItOnce()
    {
        var draft = new PlanningEvent("link-nonce-1", new PlanSubmitted(Opens, Milestone.Draft, "pmo@example.org", "https://example.org/draft.pdf"));
        var once = Iteration.Start(Iteration.First()).Raise(draft, Opens.AddHours(1).UtcDateTime);
        var twice = Iteration.Start(once).Raise(draft, Opens.AddHours(2).UtcDateTime);

        Assert.Equal(Stage.FinalDue, twice.State.Stage);
        Assert.Equal(once.State.Version + 1, twice.State.Version); // the receipt issued in between, nothing more
        Assert.Empty(twice.Unprojected);
        Assert.Single(twice.AppliedEventIds, "link-nonce-1");
    }

    [Fact]
    public void Receive_Extension_TheGrantSaysWhichDateMovedAndToWhen()
    {
        // The orchestrator keeps the due date as it stood with the event, as the replay does, so the mail can say what moved.
        var round = ShippedRound.Instance.Round;
        var extension = new PlanningEvent("api:extend-1", new DeadlineExtended(Opens, Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0), "Board moved", "rd@example.org"));
        var next = Iteration.Start(Iteration.First()).Raise(extension, Opens.AddHours(1).UtcDateTime);

        var granted = Assert.Single(Iteration.Start(next).Sent<SendMessageInput>(ActivityNames.SendMessage), s => s.Command.Kind == MessageKind.ExtensionGranted).Command;

        var moved = Assert.Single(granted.Moves!);
        Assert.Equal(round.FixedDue(Milestone.Draft), moved.From);
        Assert.Equal(round.Calendar.ToInstant(new DateTime(2019, 10, 4, 17, 0, 0)), moved.To);
    }

    [Fact]
    public void Receive_RefusedEvent_JournalsWhyAndChangesNothing()
    {
        var first = Iteration.Start(Iteration.First());
        var before = first.Sent<ProjectionInput>(ActivityNames.Project).Single().State;

        var next = first.Raise(new PlanningEvent("decision-1", new DecisionRecorded(Opens, Outcome.Agreed, 1, "director@example.org", null)));

        Assert.Equal(before.Version, next.State.Version);
        var entry = Assert.Single(next.Unprojected);
        Assert.Equal("no final plan has been submitted", entry.Refusal);
        Assert.Equal("decision-1", entry.EventId);
    }

    [Fact]
    public void Receive_EventWhileTheTimerWaits_IsAppliedAtTheOrchestrationsTimeNotTheSendersTime()
    {
        var at = Opens.AddDays(3);
        var next = Iteration.Start(Iteration.First())
            .Raise(new PlanningEvent("draft", new PlanSubmitted(Opens.AddYears(-1), Milestone.Draft, "pmo@example.org", null)), at.UtcDateTime);

        Assert.Equal(at, next.Now);
        Assert.Equal(at, next.State.Completed[new MilestoneKey(Milestone.Draft, 0)]);
    }

    [Fact]
    public void RunAsync_SendFailsThenSucceeds_SendsOnceWithNothingUndelivered()
    {
        var failures = 3;
        var iteration = Iteration.Start(Iteration.First(), (name, payload) =>
            name == ActivityNames.SendMessage && failures-- > 0 ? throw new HttpRequestException("mail service unavailable") : Iteration.Succeed(name, payload));

        Assert.Equal(4, iteration.Sent<SendMessageInput>(ActivityNames.SendMessage).Count());
        Assert.Empty(iteration.Sent<ProjectionInput>(ActivityNames.Project).Single().State.Undelivered);
    }

    [Fact]
    public void RunAsync_SendFailsPastItsRetries_RecordsTheCommandUndeliveredAndAResendSendsIt()
    {
        var failing = Iteration.Start(Iteration.First(), (name, payload) =>
            name == ActivityNames.SendMessage ? throw new HttpRequestException("mail service unavailable") : Iteration.Succeed(name, payload));
        var tries = failing.Sent<SendMessageInput>(ActivityNames.SendMessage).ToList();
        var projected = failing.Sent<ProjectionInput>(ActivityNames.Project).Single();

        // Three quick tries with the iteration's other work, then eight on its own.
        Assert.Equal(3 + 8, tries.Count);
        Assert.Equal(3, failing.Context.Calls.Count(c => c.Name == ActivityNames.CarryOut));
        Assert.Equal("mail service unavailable", Assert.Single(projected.State.Undelivered).Value.Reason);
        Assert.IsType<DeliveryFailed>(projected.Entries[^1].Event);

        var timetable = tries[0].Command;
        var resent = Iteration.Start(failing.Raise(new PlanningEvent("resend-1", new ResendRequested(Opens, timetable.Id, "national@example.org"))));
        // The director's notice that the PMO never had it was owed when it failed, and goes out beside the resend.
        Assert.Equal(
            [timetable.Id, $"{timetable.Id[..timetable.Id.LastIndexOf('/')]}/undelivered:{timetable.Id}"],
            resent.Sent<SendMessageInput>(ActivityNames.SendMessage).Select(s => s.Command.Id).Order(StringComparer.Ordinal));
        Assert.Empty(resent.Sent<ProjectionInput>(ActivityNames.Project).Single().State.Undelivered);
    }

    [Fact]
    public void RunAsync_SomethingToSend_SendsPublishesAndProjectsInOneActivity()
    {
        var draft = new PlanningEvent("page-1", new PlanSubmitted(Opens, Milestone.Draft, "pmo@example.org", "https://example.org/draft.pdf"));
        var iteration = Iteration.Start(Iteration.Start(Iteration.First()).Raise(draft, Opens.AddHours(1).UtcDateTime));

        // The receipt, the plan event and the projection: one activity, whose parts the service does inside it.
        Assert.Equal(
            [ActivityNames.CarryOut, ActivityNames.PublishEvent, ActivityNames.SendMessage, ActivityNames.Project],
            iteration.Context.Calls.Select(c => c.Name));
        var work = OrchestrationJson.Read<IterationWork>(iteration.Context.Calls[0].Input);
        Assert.Equal(MessageKind.SubmissionReceived, Assert.Single(work.Sends).Command.Kind);
        Assert.Equal(PlanEvent.TypePrefix + "plan.submitted", Assert.Single(work.Events).Type);
        Assert.Contains(work.Sends[0].Command.Id, work.Projection.State.Issued);
    }

    [Fact]
    public void RunAsync_AMessageRefusedForGood_IsRecordedUndeliveredAndProjectedOnItsOwn()
    {
        var iteration = Iteration.Start(Iteration.First(), (name, payload) =>
            name == ActivityNames.SendMessage ? OrchestrationJson.Write(new SendMessageResult(false, "no such mailbox")) : Iteration.Succeed(name, payload));

        Assert.Equal(
            [ActivityNames.LoadRound, ActivityNames.CarryOut, ActivityNames.SendMessage, ActivityNames.Project],
            iteration.Context.Calls.Select(c => c.Name));
        // Projected by the orchestration, not inside the activity: the state to show has the failure in it.
        var projected = iteration.Sent<ProjectionInput>(ActivityNames.Project).Single();
        Assert.Equal("no such mailbox", Assert.Single(projected.State.Undelivered).Value.Reason);
        Assert.IsType<DeliveryFailed>(projected.Entries[^1].Event);
    }

    [Fact]
    public void RunAsync_TimerFiresLate_DecidesAtTheInstantItWasSetFor()
    {
        var first = Iteration.Start(Iteration.First());
        var wake = new DateTimeOffset(first.Context.TimerAt!.Value, TimeSpan.Zero);

        var next = first.FireTimer(wake.AddMinutes(7).UtcDateTime);

        Assert.Equal(wake, next.Now);
    }

    [Fact]
    public void RunAsync_ATimerFiresBeforeItsInstant_IsAnEarlierIterationsAndIsWaitedPast()
    {
        var first = Iteration.Start(Iteration.First());
        var fireAt = first.Context.TimerAt!.Value;
        var wake = new DateTimeOffset(fireAt, TimeSpan.Zero);

        // The timer an earlier iteration cancelled arrives a day before this one's instant.
        first.Context.Now = fireAt.AddDays(-1);
        first.Context.FireTimer();

        Assert.Null(first.Context.NextInput);
        Assert.Equal(fireAt, first.Context.TimerAt);
        Assert.Equal(wake, first.FireTimer(fireAt).Now);
    }

    [Fact]
    public void RunAsync_AnEventArrivesAfterTheTimerContinuedAsNew_IsSentOnToTheNextIteration()
    {
        var first = Iteration.Start(Iteration.First());
        var fireAt = first.Context.TimerAt!.Value;
        first.Context.Now = fireAt;
        first.Context.FireTimer();
        Assert.NotNull(first.Context.NextInput);

        // In the same batch as the timer, an event: the wait this iteration left open takes it.
        var late = new PlanningEvent("late-1", new Suspended(new DateTimeOffset(fireAt, TimeSpan.Zero), "national@example.org", "election"));
        first.Context.Raise(late);

        var (instance, name, payload) = Assert.Single(first.Context.SentEvents);
        Assert.Equal((first.Context.InstanceId, PlanningEvent.Name), (instance, name));
        Assert.Equal(OrchestrationJson.Write(late), payload);
    }

    [Fact]
    public void RunAsync_AnEventComesAfterTwoTimersWereDue_SendsBothTimersPromptsAtTheirInstantsThenAppliesIt()
    {
        var first = Iteration.Start(Iteration.First());
        var fireAt = first.Context.TimerAt!.Value;

        // A host back from a crash ten days after the footprint's first reminder was due hands the instance an event
        // before that timer; the second reminder, a week after the first, was due by then too.
        var cameAt = fireAt.AddDays(10);
        var suspended = new PlanningEvent("suspend-1", new Suspended(new DateTimeOffset(cameAt, TimeSpan.Zero), "national@example.org", "election"));
        var held = first.Raise(suspended, cameAt);
        var (remindedOnce, heldAgain) = Iteration.RunThrough(held, cameAt.AddSeconds(1));
        var (remindedTwice, applied) = Iteration.RunThrough(heldAgain, cameAt.AddSeconds(2));

        Assert.Equal(new DateTimeOffset(fireAt, TimeSpan.Zero), held.Now);
        Assert.Equal([("suspend-1", cameAt)], held.Held.Select(h => (h.Event.Id, h.At)));
        Assert.Empty(held.Unprojected);
        Assert.Equal("footprint/remind-10", Rule(remindedOnce));
        Assert.Equal([("suspend-1", cameAt)], heldAgain.Held.Select(h => (h.Event.Id, h.At)));
        Assert.Equal("footprint/remind-5", Rule(remindedTwice));
        Assert.Empty(applied.Held);
        Assert.Equal(new DateTimeOffset(cameAt, TimeSpan.Zero), applied.Now);
        Assert.True(applied.State.IsSuspended);
        Assert.Single(applied.AppliedEventIds, "suspend-1");

        static string Rule(FakeOrchestrationContext context) => string.Join(
            ",", context.Calls.Where(c => c.Name == ActivityNames.SendMessage).Select(c => OrchestrationJson.Read<SendMessageInput>(c.Input).Command.Id.Split('/', 2)[1].Split('@')[0]));
    }

    [Fact]
    public async Task RunAsync_TwoEventsRaisedWhileItsActivitiesRan_CarriesTheSecondInItsInputAndAppliesItNext()
    {
        // Both came while the first iteration was still sending: the SDK holds them for its wait.
        var suspended = new PlanningEvent("suspend-1", new Suspended(Opens, "national@example.org", "election"));
        var resumed = new PlanningEvent("resume-1", new Resumed(Opens, "national@example.org"));
        var context = new FakeOrchestrationContext(OrchestrationJson.Write(Iteration.First()), Opens.AddMinutes(1).UtcDateTime, Iteration.Succeed);
        context.Buffered.Enqueue(suspended);
        context.Buffered.Enqueue(resumed);

        await PlanningOrchestrator.RunAsync(context);
        var first = OrchestrationJson.Read<PlanningInput>(context.NextInput);
        var (_, second) = Iteration.RunThrough(first, Opens.AddMinutes(2).UtcDateTime);

        Assert.True(first.State.IsSuspended);
        Assert.Equal([("resume-1", Opens.AddMinutes(1).UtcDateTime)], first.Held.Select(h => (h.Event.Id, h.At)));
        Assert.False(second.State.IsSuspended);
        Assert.Empty(second.Held);
        Assert.Equal(["suspend-1", "resume-1"], second.AppliedEventIds.AsEnumerable());
    }

    [Fact]
    public void RunAsync_ItsTimerFiresMillisecondsEarly_IsThisOnesAndDecidesAtItsInstant()
    {
        var first = Iteration.Start(Iteration.First());
        var fireAt = first.Context.TimerAt!.Value;

        // The storage backend delivered this very timer 30 ms before its instant.
        first.Context.Now = fireAt.AddMilliseconds(-30);
        first.Context.FireTimer();

        Assert.NotNull(first.Context.NextInput);
        Assert.Equal(new DateTimeOffset(fireAt, TimeSpan.Zero), OrchestrationJson.Read<PlanningInput>(first.Context.NextInput).Now);
    }

    [Fact]
    public void RunAsync_OnAVirtualClock_SetsTheTimerForTheRealInstantTheRoundReachesItsWakeUp()
    {
        var realStart = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var clock = new RoundClock(realStart, Opens, Speed: 3600);
        var plain = Iteration.Start(Iteration.First());
        var fast = Iteration.Start(Iteration.First(clock), utcNow: realStart.UtcDateTime);

        var wake = new DateTimeOffset(plain.Context.TimerAt!.Value, TimeSpan.Zero);
        Assert.Equal(clock.ToReal(wake), fast.Context.TimerAt);
        Assert.Equal(wake, fast.FireTimer(clock.ToReal(wake)).Now);
    }

    [Fact]
    public void Receive_ClockMovedOn_CarriesTheNewMappingAndDecidesAtItsTime()
    {
        var realStart = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var first = Iteration.Start(Iteration.First(new RoundClock(realStart, Opens, 60)), utcNow: realStart.UtcDateTime);
        var jumped = new RoundClock(realStart.AddMinutes(1), Opens.AddDays(30), 60);

        var next = first.Raise(new PlanningEvent("clock-1", Clock: jumped), realStart.AddMinutes(1).UtcDateTime);

        Assert.Equal(jumped, next.Clock);
        Assert.Equal(Opens.AddDays(30), next.Now);
    }
}
