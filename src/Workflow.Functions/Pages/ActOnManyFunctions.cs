using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage.Journal;
using Workflow.Storage.Status;

namespace Workflow.Functions.Pages;

/// <summary>A system a filter selects, as its status row stands.</summary>
public sealed record ActTarget(SystemEntry System, InstanceStatus Status);

/// <summary>What became of one selected system: applied, refused with Core's reason, on its way, or not found.</summary>
public sealed record ActOutcome(SystemEntry System, RaiseOutcome Outcome, string? Refusal);

/// <summary>
/// The dashboard's filter acted on at once: the systems it selects that the viewer may act on, and the forms of the
/// system's page (extend, suspend, resume, withdraw, resend failed mail) applied to each of them. A form is read once;
/// each system's event goes the way the system page's does, checked by Core, and is applied once per system however
/// often the form is sent. The systems acted on are those the filter selects when the form arrives.
/// </summary>
public sealed class ActOnManyFunctions(
    RoundCatalog catalog, StatusStore status, JournalStore journal, InstanceActions actions, ReferenceData reference,
    Access access, IAntiforgery antiforgery, PageRenderer pages, TimeProvider time)
{
    private static readonly FormSource Forms = new("the forms on the page acting on many systems", "nothing has changed", "Open the page again and try once more.");

    [Function("ActOnManyPage")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{round}/act")] HttpRequest request,
        string round, CancellationToken cancellationToken)
    {
        var (viewer, filter, refusal) = Admit(request);
        if (refusal is not null)
        {
            return refusal;
        }
        if ((await catalog.FindAsync(round, cancellationToken))?.Round is not { } stored)
        {
            return Html.NoRound(round);
        }
        var targets = await SelectAsync(stored.Id, filter!, viewer!, cancellationToken);
        return await RenderAsync(request, viewer!, stored, filter!, targets, new PageForm(null), null, cancellationToken);
    }

    [Function("ActOnMany")]
    public async Task<IResult> ActAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/{round}/act/{action}")] HttpRequest request,
        string round, string action, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (viewer, filter, refusal) = Admit(request);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!ActionForms.IsAction(action))
        {
            return Html.Problem(StatusCodes.Status404NotFound, "Page not found", "There is no such page here.", "Go back to the dashboard.");
        }
        var (form, unusable) = await PostedForm.ReadAsync(request, antiforgery, Forms, cancellationToken);
        if (form is null)
        {
            return unusable!;
        }
        if ((await catalog.FindAsync(round, cancellationToken))?.Round is not { } stored)
        {
            return Html.NoRound(round);
        }
        var targets = await SelectAsync(stored.Id, filter!, viewer!, cancellationToken);
        if (targets.Count == 0)
        {
            // The filter selected systems when the page was drawn and none now: there is nobody to act on.
            return await RenderAsync(request, viewer!, stored, filter!, targets, new PageForm(null), null, cancellationToken, StatusCodes.Status409Conflict);
        }
        var (plan, errors) = ActionForms.ReadForMany(action, form, Extendable(targets), viewer!.Email);
        if (errors.Count > 0)
        {
            return await RenderAsync(request, viewer, stored, filter!, targets, new PageForm(null, action, form, errors), null, cancellationToken, StatusCodes.Status400BadRequest);
        }
        if (action == "withdraw" && form["confirm"] != "yes")
        {
            return await RenderAsync(request, viewer, stored, filter!, targets, new PageForm(null, action, form, [], ConfirmWithdraw: true), null, cancellationToken);
        }
        if (ActionForms.Key(form) is not { } key)
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "Please check the form", "The form is missing what it was drawn with.", "Open the page again and try once more.");
        }
        var outcomes = await RaiseAsync(client, stored.Id, targets, plan!, key, cancellationToken);
        return outcomes is null
            ? Html.NoRound(round)
            : await RenderAsync(request, viewer, stored, filter!, targets, new PageForm(null, action, form), outcomes, cancellationToken);
    }

    /// <summary>
    /// The viewer and the filter, or the refusal: someone who may act on no system at all, a filter the dashboard could
    /// not have made, or one naming a region that is not the viewer's, refused as the dashboard refuses it.
    /// </summary>
    private (Viewer? Viewer, DashboardFilter? Filter, IResult? Refusal) Admit(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admission = access.Require(request);
        if (admission.Viewer is not { } viewer)
        {
            return (null, null, admission.Refusal);
        }
        var (filter, error) = DashboardFilter.Parse(request.Query, reference.Directory);
        if (filter is null)
        {
            return (null, null, Html.Problem(StatusCodes.Status400BadRequest, "That view does not exist", error!, "Clear the filters and choose them again."));
        }
        if (filter.Region is { } region && access.RefuseRegion(request, viewer, region) is { } notTheirs)
        {
            return (null, null, notTheirs);
        }
        if (!reference.Directory.Systems.Any(s => viewer.May(Permission.Act, s)))
        {
            return (null, null, Html.Refused(StatusCodes.Status403Forbidden, "You cannot use this page",
                "Only a region's director and deputies and the national team may act on systems.", viewer.Name));
        }
        return (viewer, filter, null);
    }

    /// <summary>The systems the filter selects now that the viewer may act on, in the dashboard's order: by region, then name.</summary>
    private async Task<IReadOnlyList<ActTarget>> SelectAsync(RoundId round, DashboardFilter filter, Viewer viewer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var directory = reference.Directory;
        return [.. (await status.ListAsync(round, cancellationToken))
            .Where(s => filter.Matches(s, now))
            .Select(s => directory.TryGetSystem(s.Instance.System, out var system) && viewer.May(Permission.Act, system) ? new ActTarget(system, s) : null)
            .OfType<ActTarget>()
            .OrderBy(t => directory.Region(t.System.Region).Name, StringComparer.Ordinal)
            .ThenBy(t => t.System.Name, StringComparer.Ordinal)];
    }

    /// <summary>The milestones the extension form offers: those any selected system may be given more time for, in round order.</summary>
    private static IReadOnlyList<Milestone> Extendable(IEnumerable<ActTarget> targets)
    {
        var open = targets.SelectMany(t => Matrix.Extendable(t.Status.Milestones)).Select(f => f.Milestone).ToHashSet();
        return [.. Matrix.SystemMilestones.Where(open.Contains)];
    }

    /// <summary>
    /// Each system's events, under ids made from the form's key and the system's code, raised together; then what became
    /// of each system: the first refusal among its events if any, else whether all were applied. Null when the round is unknown.
    /// </summary>
    private async Task<IReadOnlyList<ActOutcome>?> RaiseAsync(
        DurableTaskClient client, RoundId round, IReadOnlyList<ActTarget> targets, Func<InstanceState, Round, string, IReadOnlyList<ActionEvent>> plan,
        string key, CancellationToken cancellationToken)
    {
        var planned = new List<(ActTarget Target, IReadOnlyList<ActionEvent> Events)>();
        foreach (var target in targets)
        {
            var id = target.Status.Instance;
            if (await journal.GetAsync(id, cancellationToken) is not { } snapshot
                || await catalog.GetAsync(id.Round, snapshot.State.RoundVersion, cancellationToken) is not { } stored)
            {
                planned.Add((target, []));
                continue;
            }
            planned.Add((target, plan(snapshot.State, stored.Round, $"bulk:{key}:{id.System.Value}")));
        }
        var events = planned.SelectMany(p => p.Events.Select(e => (p.Target.Status.Instance, e.Id, e.Build))).ToList();
        if (await actions.RaiseEachAsync(client, round, events, cancellationToken) is not { } results)
        {
            return null;
        }
        var outcomes = new List<ActOutcome>();
        var next = 0;
        foreach (var (target, each) in planned)
        {
            var mine = results.Skip(next).Take(each.Count).ToList();
            next += each.Count;
            outcomes.Add(mine switch
            {
                [] => new ActOutcome(target.System, RaiseOutcome.Refused, "there is nothing of the kind to do for it"),
                _ when mine.FirstOrDefault(r => r.Outcome is RaiseOutcome.Refused or RaiseOutcome.NotFound) is { } failed =>
                    new ActOutcome(target.System, failed.Outcome, failed.Refusal),
                _ => new ActOutcome(target.System, mine.Any(r => r.Outcome == RaiseOutcome.Pending) ? RaiseOutcome.Pending : RaiseOutcome.Recorded, null),
            });
        }
        return outcomes;
    }

    private async Task<IResult> RenderAsync(
        HttpRequest request, Viewer viewer, Round round, DashboardFilter filter, IReadOnlyList<ActTarget> targets, PageForm form,
        IReadOnlyList<ActOutcome>? outcomes, CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(request.HttpContext);
        return await pages.PageAsync<Components.ActOnManyPage>(new Dictionary<string, object?>
        {
            [nameof(Components.ActOnManyPage.Round)] = round,
            [nameof(Components.ActOnManyPage.Filter)] = filter,
            [nameof(Components.ActOnManyPage.RegionName)] = filter.Region is { } region ? reference.Directory.Region(region).Name : null,
            [nameof(Components.ActOnManyPage.Targets)] = targets,
            [nameof(Components.ActOnManyPage.Milestones)] = Extendable(targets),
            [nameof(Components.ActOnManyPage.Outcomes)] = outcomes,
            [nameof(Components.ActOnManyPage.Now)] = time.GetUtcNow(),
            [nameof(Components.ActOnManyPage.SignedIn)] = viewer.Name,
            [nameof(Components.ActOnManyPage.Dashboard)] = $"/dashboard/{round.Id}",
            [nameof(Components.ActOnManyPage.Form)] = form,
            [nameof(Components.ActOnManyPage.TokenField)] = tokens.FormFieldName,
            [nameof(Components.ActOnManyPage.Token)] = tokens.RequestToken,
            [nameof(Components.ActOnManyPage.Key)] = Guid.NewGuid().ToString("N"),
        }, status);
    }
}
