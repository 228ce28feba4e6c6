using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Azure.Functions.Worker;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Functions.Links;
using Workflow.Functions.Pages.Components;
using Workflow.Functions.Rounds;
using Workflow.Notifications;
using Workflow.Notifications.Links;
using Workflow.Storage.Journal;
using Workflow.Storage.Links;

namespace Workflow.Functions.Pages;

/// <summary>
/// A new link asked for from an expired link's page. Only a link the service signed qualifies, and the new one goes only
/// to the directory address of the person the old one was for, when the address given is that one and the person may
/// still take its action. Whatever becomes of the request, the page says the same, so it tells nobody whether an address
/// is known; what did become of it is in the audit.
/// </summary>
public sealed class LinkRenewalFunctions(
    LinkSigner signer, IAntiforgery antiforgery, PageRenderer pages, LinkGate gate, LinkMail mail, LinkRequestStore requests, JournalStore journal, RoundCatalog rounds,
    ReferenceData reference, TimeProvider time, ILogger<LinkRenewalFunctions> logger)
{
    private static readonly FormSource Forms = new("the form on the page", "nothing has been sent", "Open the link from the e-mail again and send the form.");

    [Function("RenewLink")]
    public async Task<IResult> RenewAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "links/{token}/renew")] HttpRequest request, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var (form, unusable) = await PostedForm.ReadAsync(request, antiforgery, Forms, cancellationToken);
        if (form is null)
        {
            return unusable!;
        }
        var now = time.GetUtcNow();
        var check = signer.Verify(token, now);
        if (check.Status == LinkStatus.Valid)
        {
            return Html.Problem(StatusCodes.Status409Conflict, "This link still works",
                $"It works until {Html.When(check.Claims!.Expires)}, so there is no need for a new one. Nothing has been sent.", "Open the link straight from the e-mail.");
        }
        if (check.Status != LinkStatus.Expired)
        {
            return LinkGate.NotValid();
        }
        var claims = check.Claims!;
        if (AddressError(form[LinkExpiredPage.EmailField]) is { } error)
        {
            return new ExpiredLinkPage(token, claims.Expires, new FormInput(form, new FormError(LinkExpiredPage.EmailField, error)));
        }
        var (outcome, link, requestId) = await RenewOnceAsync(claims, form[LinkExpiredPage.EmailField].ToString().Trim(), now, cancellationToken);
        await requests.RecordAsync(new LinkRequest(now, claims.Instance, claims.Person, LinkRequestKind.Renewal, outcome, context.Connection.RemoteIpAddress?.ToString(),
            Link: link, RequestId: requestId), cancellationToken);
        Log.LinkRequested(logger, claims.Instance, LinkRequestKind.Renewal, outcome);
        return await pages.PageAsync<ConfirmationPage>(new Dictionary<string, object?>
        {
            [nameof(ConfirmationPage.Title)] = "Check your e-mail",
            [nameof(ConfirmationPage.Message)] = "If that address is the one this link was sent to, a new link is on its way to it. It can take a few minutes.",
            [nameof(ConfirmationPage.Note)] = "If nothing arrives, ask the regional team to send you a new link.",
        });
    }

    private async Task<(LinkRequestOutcome Outcome, ActionLink? Link, string? RequestId)> RenewOnceAsync(LinkClaims claims, string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!string.Equals(address, claims.Person, StringComparison.OrdinalIgnoreCase))
        {
            return (LinkRequestOutcome.AddressMismatch, null, null);
        }
        var person = reference.Directory.FindContact(claims.Person);
        if (person is null
            || await journal.GetAsync(claims.Instance, cancellationToken) is not { State: { WithdrawnAt: null } state }
            || await rounds.GetAsync(claims.Instance.Round, state.RoundVersion, cancellationToken) is not { } stored
            || !await gate.MayActAsync(claims.Action, state, person, now, cancellationToken))
        {
            return (LinkRequestOutcome.NotEntitled, null, null);
        }
        if (await requests.ReserveAsync(claims.Instance, person.Email, now, cancellationToken) != RenewalVerdict.Allowed)
        {
            return (LinkRequestOutcome.RateLimited, null, null);
        }
        var link = new ActionLink(claims.Action, claims.Version);
        var requestId = "renewal-" + Guid.NewGuid().ToString("N");
        var sent = await mail.SendAsync(state, stored.Round, person, link, requestId, reason: null, now, cancellationToken);
        return (sent.Result.Outcome == SendOutcome.Sent ? LinkRequestOutcome.Sent : LinkRequestOutcome.NotSent, link, requestId);
    }

    /// <summary>What is wrong with the address given, or null: one address, on one line, no longer than an address can be.</summary>
    private static string? AddressError(Microsoft.Extensions.Primitives.StringValues values)
    {
        // Line breaks are looked for before the spaces round the address are trimmed, since trimming takes some of them.
        var raw = values.ToString();
        var text = raw.Trim();
        return values.Count > 1 ? "Give one e-mail address"
            : text.Length == 0 ? "Give the e-mail address this link was sent to"
            : text.Length > Contact.MaxEmailLength ? $"An e-mail address is at most {Contact.MaxEmailLength} characters"
            : !PlainText.IsOneLine(raw) ? "Give the e-mail address on one line, as it is written"
            : !text.Contains('@', StringComparison.Ordinal) ? "Give an e-mail address, like name@nhs.net"
            : null;
    }
}
