using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;
using Workflow.Notifications;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;

namespace Workflow.Functions.Links;

public enum ReissueOutcome
{
    NoInstance,
    NotInDirectory,

    /// <summary>The person has nothing to do on the instance now, so no link would let them do anything.</summary>
    NothingToDo,

    /// <summary>The mail service did not take the message.</summary>
    NotSent,
    Sent,
}

/// <summary>What came of a re-issue: for one sent, the person, the action their link carries and the mail as sent.</summary>
public sealed record ReissueResult(ReissueOutcome Outcome, Contact? Person = null, ActionLink? Action = null, LinkMailResult? Mail = null);

/// <summary>Who asked for a link to be re-issued, why, from where, and the key that makes asking twice send once.</summary>
public sealed record ReissueRequest(string Person, string By, string Reason, string Key, string? ClientAddress);

/// <summary>
/// A person's link sent again by the regional or national team, from the API or a system's page alike: the link for
/// what the person can do on the instance now (<see cref="LinkRules.Now"/>), mailed to their directory address only,
/// and every request recorded for the audit whatever came of it.
/// </summary>
public sealed class LinkReissue(
    JournalStore journal, RoundCatalog catalog, LinkRequestStore requests, LinkGate gate, LinkMail mail, ReferenceData reference, TimeProvider time,
    ILogger<LinkReissue> logger)
{
    public async Task<ReissueResult> SendAsync(InstanceId id, ReissueRequest asked, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asked);
        if (await journal.GetAsync(id, cancellationToken) is not { } snapshot
            || await catalog.GetAsync(id.Round, snapshot.State.RoundVersion, cancellationToken) is not { } stored)
        {
            return new ReissueResult(ReissueOutcome.NoInstance);
        }
        var (state, now) = (snapshot.State, time.GetUtcNow());
        Task AuditAsync(LinkRequestOutcome outcome, ActionLink? link = null, string? requestId = null)
        {
            Log.LinkRequested(logger, id, LinkRequestKind.Reissue, outcome);
            return requests.RecordAsync(
                new LinkRequest(now, id, asked.Person, LinkRequestKind.Reissue, outcome, asked.ClientAddress, asked.By, asked.Reason, link, requestId), cancellationToken);
        }

        var person = reference.Directory.FindContact(asked.Person);
        if (person is null)
        {
            await AuditAsync(LinkRequestOutcome.NotInDirectory);
            return new ReissueResult(ReissueOutcome.NotInDirectory);
        }
        if (LinkRules.Now(state, person) is not { } action || !await gate.MayActAsync(action.Action, state, person, now, cancellationToken))
        {
            await AuditAsync(LinkRequestOutcome.NoAction);
            return new ReissueResult(ReissueOutcome.NothingToDo, person);
        }
        var sent = await mail.SendAsync(state, stored.Round, person, action, asked.Key, asked.Reason, now, cancellationToken);
        var outcome = sent.Result.Outcome == SendOutcome.Sent ? ReissueOutcome.Sent : ReissueOutcome.NotSent;
        await AuditAsync(outcome == ReissueOutcome.Sent ? LinkRequestOutcome.Sent : LinkRequestOutcome.NotSent, action, asked.Key);
        return new ReissueResult(outcome, person, action, sent);
    }
}
