using System.Globalization;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Core.Integration;

/// <summary>Which instance events other systems hear of, and what they are told.</summary>
public static class PlanEvents
{
    /// <summary>
    /// The integration event <paramref name="evt"/> makes, given the state after it, or null for one that stays
    /// inside the workflow (reminders, feedback, suspensions and the like).
    /// </summary>
    public static PlanEvent? For(InstanceEvent evt, InstanceState after)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(after);
        PlanEventData? data = evt switch
        {
            PlanSubmitted s => new PlanSubmittedData(s.Milestone.Name(), after.PlanVersion, s.Reference),
            DecisionRecorded { Outcome: Outcome.Agreed } d => new PlanAgreedData(d.PlanVersion),
            DecisionRecorded d => new ChangesRequestedData(d.PlanVersion),
            PlanPublished p => new PlanPublishedData(p.Url.ToString()),
            DeadlineExtended x => new DeadlineExtendedData(x.Milestone.Name(), x.NewDue.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)),
            FootprintNoticeGiven f => new FootprintNotifiedData(f.Source.ToString(), f.From),
            Withdrawn => new WithdrawnData(),
            // Overdue prompts go to the system's own people; only a late plan taken above them is news to others.
            CommandIssued { Command.Level: >= LadderLevel.Region } c =>
                new EscalatedData(c.Command.Milestone?.Name(), c.Command.Level.ToString().ToLowerInvariant(), c.Command.Due),
            _ => null,
        };
        // The version counts the events applied, this one included, so it names this event among the instance's.
        return data is null ? null : new PlanEvent($"{after.Id}/event/{after.Version}", evt.At, after.Id, after.Region, after.Stage, data);
    }
}
