using System.Globalization;
using Workflow.Core.Rounds;

namespace Workflow.Core.Instances;

/// <summary>One line of the audit trail: when, what kind of thing happened, who did it, and what they gave as detail or reason.</summary>
public sealed record AuditLine(DateTimeOffset At, string Kind, string By, string Detail)
{
    /// <summary>
    /// The journal line as the audit trail reads it. A refused event is kept, as <c>refused</c>, because who tried to
    /// do what and why they were stopped is as much the record as what went through.
    /// </summary>
    public static AuditLine Of(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var (kind, by, detail) = Describe(entry.Event);
        // Someone who acted through a signed link is named by it, though the event itself may name only a role.
        by = entry.Event.Via?.Person ?? by;
        return entry.Refusal is { } refusal
            ? new AuditLine(entry.Event.At, "refused", by, $"{kind}: {refusal}")
            : new AuditLine(entry.Event.At, kind, by, detail);
    }

    private static (string Kind, string By, string Detail) Describe(InstanceEvent e) => e switch
    {
        InstanceStarted started => ("started", "", $"round version {started.RoundVersion}"),
        FootprintNoticeGiven notice => ("footprint-notice", notice.From, notice.Summary),
        FootprintAcknowledged acknowledged => ("footprint-acknowledged", acknowledged.By, $"notice {acknowledged.Notice}"),
        PlanSubmitted submitted => ("plan-submitted", submitted.By, $"{submitted.Milestone.Name()}{(submitted.Reference is { } reference ? ": " + reference : "")}"),
        RegionalFeedbackGiven feedback => ("regional-feedback", feedback.By, feedback.Comment),
        PeerPaired paired => ("peer-paired", "", paired.Peer.Value),
        PeerFeedbackGiven peer => ("peer-feedback", peer.By, peer.Comment ?? $"from {peer.Reviewer}"),
        DecisionRecorded decision => ("decision", decision.By,
            $"{(decision.Outcome == Outcome.Agreed ? "agreed" : "changes requested")} on version {decision.PlanVersion}{(decision.Comment is { } comment ? ": " + comment : "")}"),
        PlanPublished published => ("published", published.By, published.Url.ToString()),
        DeadlineExtended extended => ("extension", extended.GrantedBy, $"{extended.Milestone.Name()} to {extended.NewDue.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}: {extended.Reason}"),
        TimetableChanged changed => ("timetable-changed", "", $"round version {changed.RoundVersion}"),
        Suspended suspended => ("suspended", suspended.By, suspended.Reason),
        Resumed resumed => ("resumed", resumed.By, ""),
        Withdrawn withdrawn => ("withdrawn", withdrawn.By, withdrawn.Reason),
        Restarted restarted => ("restarted", restarted.By, restarted.Reason),
        CommandIssued issued => ("message-issued", "", issued.Command.Id),
        DeliveryFailed failed => ("delivery-failed", "", $"{failed.Command.Id}: {failed.Reason}"),
        ResendRequested resend => ("resend-requested", resend.By, resend.CommandId),
        _ => (e.GetType().Name, "", ""),
    };
}
