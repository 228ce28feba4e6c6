using System.Text.Json;
using Workflow.Core.Instances;
using Workflow.Core.Integration;
using Workflow.Core.Rounds;
using Workflow.Core.Tests.Support;

namespace Workflow.Core.Tests.Integration;

public sealed class PlanEventsTests
{
    private static readonly DateTimeOffset Opened = London.At(2019, 7, 1);
    private static readonly DateTimeOffset DraftDue = London.At(2019, 9, 27, 17);

    /// <summary>Row: what the case is, the events before, the event reported, what it says, the stage after it.</summary>
    public static TheoryData<string, InstanceEvent[], InstanceEvent, PlanEventData, Stage> Reported => new()
    {
        { "draft", [], Instance.Draft(Opened), new PlanSubmittedData("draft", 0, "plans/draft.pdf"), Stage.FinalDue },
        { "final", [Instance.Draft(Opened)], Instance.Final(Opened), new PlanSubmittedData("final", 1, "plans/final.pdf"), Stage.AwaitingAgreement },
        {
            "resubmission", [Instance.Draft(Opened), Instance.Final(Opened), Instance.ChangesRequested(Opened, 1)],
            Instance.Resubmission(Opened), new PlanSubmittedData("resubmission", 2, "plans/final-revised.pdf"), Stage.AwaitingAgreement
        },
        { "agreed", [Instance.Draft(Opened), Instance.Final(Opened)], Instance.Agreed(Opened, 1), new PlanAgreedData(1), Stage.Agreed },
        {
            "changes requested", [Instance.Draft(Opened), Instance.Final(Opened)],
            Instance.ChangesRequested(Opened, 1), new ChangesRequestedData(1), Stage.ChangesRequested
        },
        {
            "published", [Instance.Draft(Opened), Instance.Final(Opened), Instance.Agreed(Opened, 1)],
            Instance.Published(Opened), new PlanPublishedData("https://example.org/our-plan"), Stage.Published
        },
        {
            "extended", [], Instance.Extended(Opened, Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0, DateTimeKind.Unspecified)),
            new DeadlineExtendedData("draft", "2019-10-04T17:00"), Stage.Drafting
        },
        { "footprint notice", [], Instance.FootprintNotice(Opened), new FootprintNotifiedData("LocalAuthority", "Example County Council"), Stage.Drafting },
        { "withdrawn", [], Instance.Withdrawn(Opened), new WithdrawnData(), Stage.Withdrawn },
        { "escalated to region", [], Issued(MessageKind.EscalationToRegion), new EscalatedData("draft", "region", DraftDue), Stage.Drafting },
        { "escalated to national", [], Issued(MessageKind.EscalationToNational), new EscalatedData("draft", "national", DraftDue), Stage.Drafting },
    };

    public static TheoryData<string, InstanceEvent> NotReported => new()
    {
        { "reminder", Issued(MessageKind.Reminder) },
        { "overdue", Issued(MessageKind.Overdue) },
        { "regional feedback", Instance.RegionalFeedback(Opened) },
        { "peer paired", Instance.Paired(Opened) },
        { "peer feedback", Instance.PeerFeedback(Opened) },
        { "suspended", Instance.Suspended(Opened) },
        { "timetable changed", new TimetableChanged(Opened, 2) },
        { "restarted", Instance.Restarted(Opened) },
    };

    [Theory]
    [MemberData(nameof(Reported))]
    public void For_ReportedEvent_SaysWhatHappenedAndTheStageAfter(string _, InstanceEvent[] before, InstanceEvent evt, PlanEventData expected, Stage stage)
    {
        var after = StateMachine.Apply(before.Aggregate(Instance.Started(), (state, e) => state.Then(e)), evt);

        var reported = PlanEvents.For(evt, after);

        Assert.NotNull(reported);
        Assert.Equal(expected, reported.Data);
        Assert.Equal(stage, reported.Stage);
        Assert.Equal(PlanEvent.TypePrefix + expected.Type, reported.Type);
    }

    [Theory]
    [MemberData(nameof(NotReported))]
    public void For_EventInsideTheWorkflow_IsNull(string _, InstanceEvent evt)
    {
        var after = StateMachine.Apply(Instance.Started(), evt);

        Assert.Null(PlanEvents.For(evt, after));
    }

    [Fact]
    public void For_ReportedEvent_NamedByInstanceAndVersionFromTheRoundAndSystem()
    {
        var at = London.At(2019, 9, 20, 10);
        var submitted = Instance.Draft(at);
        var after = Instance.Started().Then(Instance.Paired(Opened)).Then(submitted);

        var reported = PlanEvents.For(submitted, after)!;

        Assert.Equal($"2019-20|E54000006/event/{after.Version}", reported.Id);
        Assert.Equal("uk.nhs.england.planning-round.plan.submitted", reported.Type);
        Assert.Equal("/rounds/2019-20/systems/E54000006", reported.Source);
        Assert.Equal("E54000006", reported.Subject);
        Assert.Equal(at, reported.Time);
        Assert.Equal(Instance.Id, reported.Instance);
        Assert.Equal(Instance.Region, reported.Region);
    }

    [Fact]
    public void For_TwoEventsOfOneType_DifferentIds()
    {
        var first = Instance.Extended(Opened, Milestone.Draft, new DateTime(2019, 10, 4, 17, 0, 0, DateTimeKind.Unspecified));
        var second = Instance.Extended(Opened, Milestone.Draft, new DateTime(2019, 10, 11, 17, 0, 0, DateTimeKind.Unspecified));
        var once = Instance.Started().Then(first);

        Assert.NotEqual(PlanEvents.For(first, once)!.Id, PlanEvents.For(second, once.Then(second))!.Id);
    }

    /// <summary>An activity gets its input through the host's reflection-based serializer, with either naming.</summary>
    [Theory]
    [InlineData(JsonSerializerDefaults.General)]
    [InlineData(JsonSerializerDefaults.Web)]
    public void PlanEvent_ThroughJson_ComesBackEqual(JsonSerializerDefaults defaults)
    {
        var options = new JsonSerializerOptions(defaults);
        var escalated = Issued(MessageKind.EscalationToNational);
        var reported = PlanEvents.For(escalated, StateMachine.Apply(Instance.Started(), escalated))!;

        var back = JsonSerializer.Deserialize<PlanEvent>(JsonSerializer.Serialize(reported, options), options);

        Assert.Equal(reported, back);
    }

    private static CommandIssued Issued(MessageKind kind) =>
        new(Opened, new Command($"{Instance.Id}/draft/{kind}", Opened, kind, Milestone.Draft, 0, DraftDue, [Role.RegionalDirector], [Role.Pmo], 0));
}
