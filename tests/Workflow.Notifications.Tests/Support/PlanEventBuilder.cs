using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Integration;

namespace Workflow.Notifications.Tests.Support;

/// <summary>Integration events as the workflow makes them, for one system of the 2019/20 round.</summary>
internal static class PlanEventBuilder
{
    public static readonly DateTimeOffset SubmittedAt = new(2019, 9, 20, 10, 30, 0, TimeSpan.FromHours(1));

    public static PlanEvent Submitted() => new(
        $"{MessageBuilder.Instance}/event/7", SubmittedAt, MessageBuilder.Instance, new RegionCode("E40000009"), Stage.FinalDue,
        new PlanSubmittedData("draft", 0, "plans/draft.pdf"));

    /// <summary>An escalation of no milestone: its fields with no value are still there, as null.</summary>
    public static PlanEvent EscalatedWithoutMilestone() => Submitted() with
    {
        Id = $"{MessageBuilder.Instance}/event/9",
        Stage = Stage.Drafting,
        Data = new EscalatedData(null, "national", null),
    };
}
