namespace Workflow.Core.Instances;

public enum LinkRequestKind
{
    /// <summary>Asked for from the page of an expired link.</summary>
    Renewal,

    /// <summary>Sent by the regional or national team through the API.</summary>
    Reissue,
}

public enum LinkRequestOutcome
{
    Sent,

    /// <summary>The mail service did not take the message.</summary>
    NotSent,

    /// <summary>The address typed is not the one the link was sent to.</summary>
    AddressMismatch,

    /// <summary>The person the link named may no longer take its action on the instance, or the instance has gone.</summary>
    NotEntitled,

    RateLimited,

    /// <summary>Nobody in the directory has the address given.</summary>
    NotInDirectory,

    /// <summary>The person has nothing to do on the instance now.</summary>
    NoAction,
}

/// <summary>
/// One request for a new link, whatever became of it: when, for which instance and person (the one the old link named, or
/// the one the team named), what happened, and from which address; for a re-issue, who sent it and why; for a link sent,
/// what it is for and the id its mail was sent under.
/// </summary>
public sealed record LinkRequest(
    DateTimeOffset At,
    InstanceId Instance,
    string Person,
    LinkRequestKind Kind,
    LinkRequestOutcome Outcome,
    string? ClientAddress,
    string? By = null,
    string? Reason = null,
    ActionLink? Link = null,
    string? RequestId = null);
