using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Rounds;
using Workflow.Notifications.Links;
using Workflow.Storage.Directory;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;

namespace Workflow.Functions.Pages;

/// <summary>A link that passed every check at <paramref name="OpenedAt"/>, with what it acts on.</summary>
public sealed record OpenedLink(LinkClaims Claims, string Token, InstanceState State, Round Round, Contact Person, string SystemName, DateTimeOffset OpenedAt);

/// <summary>
/// Checks a link before anything is shown or done: signature, expiry, the instance, that the person may still
/// act (a director, a deputy with a live delegation, the system's or the peer's PMO), and that the link is not
/// for a plan version or notice that has moved on. Each failure is a page that says what to do instead.
/// </summary>
public sealed class LinkGate(LinkSigner signer, JournalStore journal, LinkClaimStore claimed, RoundCatalog rounds, ReferenceData reference, DelegationStore delegations, TimeProvider time)
{
    public async Task<(OpenedLink? Link, IResult? Refusal)> OpenAsync(string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var check = signer.Verify(token, now);
        switch (check.Status)
        {
            case LinkStatus.Malformed:
            case LinkStatus.Forged:
                return (null, NotValid());
            case LinkStatus.Expired:
                return (null, new ExpiredLinkPage(token, check.Claims!.Expires));
        }
        var claims = check.Claims!;
        if (await journal.GetAsync(claims.Instance, cancellationToken) is not { } record
            || await rounds.GetAsync(claims.Instance.Round, record.State.RoundVersion, cancellationToken) is not { } stored)
        {
            return (null, Html.Problem(StatusCodes.Status404NotFound, "Plan not found",
                "The planning round or system this link is for is no longer running.", "Contact the national planning team."));
        }
        var state = record.State;
        var person = reference.Directory.FindContact(claims.Person);
        if (person is null || !await MayActAsync(claims.Action, state, person, now, cancellationToken))
        {
            return (null, Html.Problem(StatusCodes.Status403Forbidden, "This link is not for you to use now",
                "The link was sent to someone who is no longer responsible for this action, or a delegation has ended.",
                "Use the link in an e-mail sent to you, or ask the regional director's office."));
        }
        reference.Directory.TryGetSystem(claims.Instance.System, out var system);
        var link = new OpenedLink(claims, token, state, stored.Round, person, system?.Name ?? claims.Instance.System.Value, now);
        return (link, await StaleAsync(link, cancellationToken));
    }

    /// <summary>The page for a link that is not one the service signed as it stands.</summary>
    public static IResult NotValid() => Html.Problem(StatusCodes.Status400BadRequest, "This link is not valid",
        "The link is incomplete or has been changed, so it cannot be used.",
        "Open the link straight from the e-mail, or copy all of it. If it still fails, ask the regional team for a new one.");

    /// <summary>Whether <paramref name="person"/> may take <paramref name="action"/> on the instance at <paramref name="now"/>, a deputy only while delegated to.</summary>
    public async Task<bool> MayActAsync(LinkAction action, InstanceState state, Contact person, DateTimeOffset now, CancellationToken cancellationToken) =>
        LinkRules.MayUse(action, state, person) switch
        {
            LinkUse.Allowed => true,
            LinkUse.WhileDelegated => await delegations.GetAsync(state.Region, person.Email, cancellationToken) is { } delegation && delegation.IsActiveAt(now),
            _ => false,
        };

    /// <summary>A link for something that has moved on; an answer already given is reported kindly, not as an error.</summary>
    private async Task<IResult?> StaleAsync(OpenedLink link, CancellationToken cancellationToken)
    {
        var (claims, state) = (link.Claims, link.State);
        if (await claimed.GetAsync(claims.Instance, claims.Nonce, cancellationToken) is not null)
        {
            return Done(link, "Already recorded", "What you sent through this link has been recorded already; nothing more is needed.");
        }
        if (state.WithdrawnAt is not null)
        {
            return Html.Problem(StatusCodes.Status409Conflict, "This system has been withdrawn", $"{link.SystemName} has been withdrawn from the planning round.", "Contact the national planning team if this is unexpected.");
        }
        return claims.Action switch
        {
            // Only a restart of the instance takes a plan version back.
            LinkAction.Decide when claims.Version > state.PlanVersion => Html.Problem(StatusCodes.Status409Conflict, "This plan is no longer awaiting a decision",
                $"This link is for version {claims.Version} of the plan, but {link.SystemName}'s planning has been started again since.",
                "Use the link in the most recent e-mail about this plan."),
            LinkAction.Decide when claims.Version < state.PlanVersion => Html.Problem(StatusCodes.Status409Conflict, "A newer version of this plan has been submitted",
                $"This link is for version {claims.Version} of the plan; version {state.PlanVersion} has been submitted since.",
                "Use the link in the e-mail about the newest version."),
            LinkAction.Decide when !state.AwaitsDecision => Done(link, "Already decided",
                $"A decision on version {claims.Version} of {link.SystemName}'s plan has been recorded already."),
            LinkAction.Acknowledge when claims.Version < 1 || claims.Version > state.FootprintNotices.Count => Html.Problem(StatusCodes.Status404NotFound,
                "Notice not found", "There is no such footprint change notice for this system.", "Contact the national planning team."),
            LinkAction.Acknowledge when state.FootprintNotices[claims.Version - 1].AcknowledgedAt is not null => Done(link, "Already acknowledged",
                "This footprint change notice has been acknowledged already."),
            LinkAction.PeerFeedback when state.IsDone(Milestone.PeerReview) => Done(link, "Already recorded",
                $"Peer feedback on {link.SystemName}'s plan has been recorded already."),
            _ => null,
        };
    }

    /// <summary>What a link page says when there is nothing more to do through the link, under the system and round it is for.</summary>
    public static IResult Done(OpenedLink link, string title, string message) =>
        new ComponentPage<Components.ConfirmationPage>(new Dictionary<string, object?>
        {
            [nameof(Components.ConfirmationPage.Title)] = title,
            [nameof(Components.ConfirmationPage.Message)] = message,
            [nameof(Components.ConfirmationPage.Note)] = $"{link.SystemName}, {link.Round.Definition.Title}.",
        }, StatusCodes.Status200OK);
}
