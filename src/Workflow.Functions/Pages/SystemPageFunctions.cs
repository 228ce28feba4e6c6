using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Api;
using Workflow.Functions.Links;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage.Deliveries;
using Workflow.Storage.Journal;

namespace Workflow.Functions.Pages;

/// <summary>
/// One system's page on the dashboard: who it is, its milestones, plans, decisions, messages and the next prompt due;
/// and, for those who may act on it, forms to extend a deadline, suspend, resume, withdraw, resend failed mail and send
/// someone a new link. The forms raise the same events the API does, through <see cref="InstanceActions"/>, and re-issue
/// links as the API does, through <see cref="LinkReissue"/>.
/// </summary>
public sealed class SystemPageFunctions(
    RoundCatalog catalog, JournalStore journal, DeliveryStore deliveries, InstanceActions actions, LinkReissue reissue, ReferenceData reference,
    Access access, IAntiforgery antiforgery, PageRenderer pages, TimeProvider time)
{
    private static readonly FormSource Forms = new("the forms on the system's page", "nothing has changed", "Open the system's page again and try once more.");

    /// <summary>What each action's banner says once done, by the name in the address it came back to.</summary>
    private static readonly Dictionary<string, string> Banners = new(StringComparer.Ordinal)
    {
        ["extend"] = "The deadline has been extended.",
        ["suspend"] = "The system has been suspended: nothing will be sent to it until it resumes.",
        ["resume"] = "The system has resumed.",
        ["withdraw"] = "The system has been withdrawn from this round.",
        ["resend"] = "The message is being sent again to those who have not had it.",
        ["pending"] = "Your change is on its way: it will show here in a moment.",
        ["link"] = "A new link has been sent. It goes to the person's address in the directory.",
    };

    [Function("SystemPage")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{round}/systems/{system}")] HttpRequest request,
        string round, string system, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admission = access.Require(request, Permission.See, system);
        if (admission.Viewer is not { } viewer)
        {
            return admission.Refusal!;
        }
        string? done = request.Query["done"];
        var banner = done is not null && Banners.TryGetValue(done, out var words) ? words : null;
        return await RenderAsync(request, viewer, round, system, new PageForm(banner), cancellationToken);
    }

    /// <summary>
    /// A new link for someone who has lost theirs, for what they can do now. Its own route, one segment longer than the
    /// actions', so no action's name can ever be taken for it.
    /// </summary>
    [Function("SystemPageLink")]
    public async Task<IResult> ReissueAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/{round}/systems/{system}/links/reissue")] HttpRequest request,
        string round, string system, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admission = access.Require(request, Permission.Act, system);
        if (admission.Viewer is not { } viewer)
        {
            return admission.Refusal!;
        }
        var (form, unusable) = await PostedForm.ReadAsync(request, antiforgery, Forms, cancellationToken);
        if (form is null)
        {
            return unusable!;
        }
        if (!RoundId.IsWellFormed(round))
        {
            return NoInstance(round);
        }
        PageForm Problem(string field, string message) => new(null, "link", form, [new FormProblem(field, message)]);
        string? person = form["person"];
        string? reason = form["link-reason"];
        var errors = new List<FormProblem>();
        if (string.IsNullOrWhiteSpace(person) || reference.Directory.FindContact(person) is null)
        {
            errors.Add(new FormProblem("person", "Select the person to send a new link to"));
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new FormProblem("link-reason", "Enter a reason"));
        }
        else if (reason.Length > EventRequests.MaxText)
        {
            errors.Add(new FormProblem("link-reason", "The reason must be 4,000 characters or fewer"));
        }
        if (errors.Count > 0)
        {
            return await RenderAsync(request, viewer, round, system, new PageForm(null, "link", form, errors), cancellationToken, StatusCodes.Status400BadRequest);
        }
        if (ActionForms.Key(form) is not { } key)
        {
            return MissingKey();
        }
        var id = new InstanceId(new RoundId(round), new SystemCode(system));
        var clientAddress = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        var result = await reissue.SendAsync(id, new ReissueRequest(person!.Trim(), viewer.Email, reason!.Trim(), "page-" + key, clientAddress), cancellationToken);
        return result.Outcome switch
        {
            ReissueOutcome.NoInstance => NoInstance(round),
            ReissueOutcome.NotInDirectory => await RenderAsync(request, viewer, round, system,
                Problem("person", "Select the person to send a new link to"), cancellationToken, StatusCodes.Status400BadRequest),
            ReissueOutcome.NothingToDo => await RenderAsync(request, viewer, round, system,
                Problem("person", $"{result.Person!.Name} has nothing to do on this system now, so there is no link to send"), cancellationToken, StatusCodes.Status409Conflict),
            ReissueOutcome.NotSent => await RenderAsync(request, viewer, round, system,
                Problem("person", "The mail service did not take the message. Try again in a few minutes"), cancellationToken, StatusCodes.Status502BadGateway),
            _ => Results.Redirect($"/dashboard/{round}/systems/{system}?done=link"),
        };
    }

    [Function("SystemPageAction")]
    public async Task<IResult> ActAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/{round}/systems/{system}/{action}")] HttpRequest request,
        string round, string system, string action, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admission = access.Require(request, Permission.Act, system);
        if (admission.Viewer is not { } viewer)
        {
            return admission.Refusal!;
        }
        if (!ActionForms.IsAction(action))
        {
            return Html.Problem(StatusCodes.Status404NotFound, "Page not found", "There is no such page here.", "Go back to the system's page.");
        }
        var (form, unusable) = await PostedForm.ReadAsync(request, antiforgery, Forms, cancellationToken);
        if (form is null)
        {
            return unusable!;
        }
        if (!RoundId.IsWellFormed(round) || await journal.GetAsync(new InstanceId(new RoundId(round), new SystemCode(system)), cancellationToken) is not { } snapshot)
        {
            return NoInstance(round);
        }
        var id = snapshot.State.Id;
        var stored = await catalog.GetAsync(id.Round, snapshot.State.RoundVersion, cancellationToken);
        var (build, errors) = ActionForms.Read(action, form, snapshot.State, stored!.Round, viewer.Email);
        if (errors.Count > 0)
        {
            return await RenderAsync(request, viewer, round, system, new PageForm(null, action, form, errors), cancellationToken, StatusCodes.Status400BadRequest);
        }
        if (action == "withdraw" && form["confirm"] != "yes")
        {
            return await RenderAsync(request, viewer, round, system, new PageForm(null, action, form, [], ConfirmWithdraw: true), cancellationToken);
        }
        // The key is written into the form when the page is drawn, so the same form sent twice is one event.
        if (ActionForms.Key(form) is not { } key)
        {
            return MissingKey();
        }
        var result = await actions.RaiseAsync(client, id, "page:" + key, build!, cancellationToken);
        switch (result?.Outcome)
        {
            case null or RaiseOutcome.NotFound:
                return NoInstance(round);
            case RaiseOutcome.Refused:
                return await RenderAsync(request, viewer, round, system,
                    new PageForm(null, action, form, [new FormProblem(ActionForms.FirstField(action), $"This cannot be done now: {result.Refusal}.")]), cancellationToken, StatusCodes.Status409Conflict);
            default:
                var done = result.Outcome == RaiseOutcome.Pending ? "pending" : action;
                return Results.Redirect($"/dashboard/{round}/systems/{system}?done={done}");
        }
    }

    private async Task<IResult> RenderAsync(HttpRequest request, Viewer viewer, string round, string system, PageForm form, CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        if (!RoundId.IsWellFormed(round) || await journal.GetAsync(new InstanceId(new RoundId(round), new SystemCode(system)), cancellationToken) is not { } snapshot)
        {
            return NoInstance(round);
        }
        var id = snapshot.State.Id;
        var stored = await catalog.GetAsync(id.Round, snapshot.State.RoundVersion, cancellationToken);
        var history = journal.ReadAsync(id, cancellationToken);
        var sent = deliveries.ListAsync(id, cancellationToken);
        var now = time.GetUtcNow();
        var view = SystemView.Of(snapshot.State, stored!.Round, reference.Directory, await history, await sent, now);
        var tokens = access.May(viewer, Permission.Act, id.System) ? antiforgery.GetAndStoreTokens(request.HttpContext) : null;
        return await pages.PageAsync<Components.SystemPage>(new Dictionary<string, object?>
        {
            [nameof(Components.SystemPage.View)] = view,
            [nameof(Components.SystemPage.Now)] = now,
            [nameof(Components.SystemPage.SignedIn)] = viewer.Name,
            [nameof(Components.SystemPage.Dashboard)] = $"/dashboard/{round}",
            [nameof(Components.SystemPage.Form)] = form,
            [nameof(Components.SystemPage.TokenField)] = tokens?.FormFieldName,
            [nameof(Components.SystemPage.Token)] = tokens?.RequestToken,
            [nameof(Components.SystemPage.Key)] = Guid.NewGuid().ToString("N"),
        }, status);
    }

    private static IResult MissingKey() => Html.Problem(StatusCodes.Status400BadRequest, "Please check the form",
        "The form is missing what it was drawn with.", "Open the system's page again and try once more.");

    private static IResult NoInstance(string round) => Html.Problem(StatusCodes.Status404NotFound, "Page not found",
        $"That system has no planning in round '{round}'.", "Go back to the dashboard and choose a system.");
}
