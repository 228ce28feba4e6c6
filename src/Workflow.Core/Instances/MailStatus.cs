namespace Workflow.Core.Instances;

/// <summary>What the mail service last said of one person's copy of a message.</summary>
public enum MailStatus
{
    Deferred,
    Delivered,
    Bounced,
    Dropped,
}

public static class MailStatuses
{
    /// <summary>A copy the mail service will not try again: the person will never have it.</summary>
    public static bool IsFailure(this MailStatus status) => status is MailStatus.Bounced or MailStatus.Dropped;

    /// <summary>
    /// Whether news of <paramref name="next"/> at <paramref name="nextAt"/> replaces what is recorded of a copy. A deferral
    /// is only a delay, so it never replaces an outcome (delivered, bounced, dropped), whenever it comes; between outcomes,
    /// or between deferrals, the later one wins. Events come at least once and out of order, so this is what keeps a
    /// replay or a late straggler from undoing what is known.
    /// </summary>
    public static bool Replaces(this MailStatus next, DateTimeOffset nextAt, MailStatus? current, DateTimeOffset currentAt)
    {
        if (current is not { } recorded)
        {
            return true;
        }
        var nextIsOutcome = next != MailStatus.Deferred;
        return nextIsOutcome != (recorded != MailStatus.Deferred) ? nextIsOutcome : nextAt > currentAt;
    }
}
