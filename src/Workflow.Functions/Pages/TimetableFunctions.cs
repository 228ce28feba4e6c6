using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Rounds;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage.Rounds;

namespace Workflow.Functions.Pages;

/// <summary>
/// The national team's page for a round-wide timetable change: the fixed milestones' dates as they stand, a preview of
/// what new ones would move for every system, and a confirm that applies exactly what was previewed. Both go through
/// <see cref="RoundService"/>, as <c>POST …/timetable/preview</c> and <c>PUT …/timetable</c> do.
/// </summary>
public sealed class TimetableFunctions(
    RoundCatalog catalog, RoundVersions versions, RoundService service, ReferenceData reference, Access access,
    IAntiforgery antiforgery, IDataProtectionProvider protection, PageRenderer pages, TimeProvider time)
{
    private static readonly FormSource Forms = new("the timetable page's forms", "the timetable has not changed", "Open the timetable page again and try once more.");

    [Function("TimetablePage")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{round}/timetable")] HttpRequest request, string round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admission = access.RequireRoundChanges(request);
        if (admission.Viewer is not { } viewer)
        {
            return admission.Refusal!;
        }
        if (await catalog.FindAsync(round, cancellationToken) is not { } stored)
        {
            return Html.NoRound(round);
        }
        return await RenderAsync(request, viewer, TimetableView.Of(stored.Round) with { Banner = Banner(request.Query["done"], request.Query["moved"]) });
    }

    [Function("TimetableChange")]
    public async Task<IResult> ChangeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/{round}/timetable")] HttpRequest request,
        string round, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admission = access.RequireRoundChanges(request);
        if (admission.Viewer is not { } viewer)
        {
            return admission.Refusal!;
        }
        var (form, unusable) = await PostedForm.ReadAsync(request, antiforgery, Forms, cancellationToken);
        if (form is null)
        {
            return unusable!;
        }
        if (await catalog.FindAsync(round, cancellationToken) is not { } stored)
        {
            return Html.NoRound(round);
        }
        return form["action"].ToString() switch
        {
            "preview" => await PreviewAsync(request, viewer, stored, name => form.TryGetValue(name, out var v) ? v.ToString() : null, null, cancellationToken),
            "confirm" => await ConfirmAsync(request, viewer, stored, form["proposal"], client, cancellationToken),
            _ => Html.Problem(StatusCodes.Status400BadRequest, "Please check the form", "The form did not say whether to preview or confirm the change, so the timetable has not changed.", Forms.Next),
        };
    }

    /// <summary>
    /// The dates read and checked as the round file they make (nothing stored), then what they would move for every
    /// running system, with a confirm button carrying them signed. <paramref name="conflict"/> says why the page is
    /// shown again instead of applying a change confirmed.
    /// </summary>
    private async Task<IResult> PreviewAsync(
        HttpRequest request, Viewer viewer, StoredRound stored, Func<string, string?> value, string? conflict, CancellationToken cancellationToken)
    {
        var current = stored.Round;
        var typed = TimetableForm.Typed(current, value);
        var status = conflict is null ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        var (dates, errors) = TimetableForm.Read(current, value);
        if (dates is not null && dates.All(d => TimetableForm.Current(current)[d.Key] == d.Value))
        {
            errors.Add(new FormProblem($"{TimetableForm.Field(dates.Keys.First(), "due")}-day", "Change at least one date: these are the round's dates now"));
        }
        if (errors.Count > 0)
        {
            return await RenderAsync(request, viewer, TimetableView.Of(current, typed, errors) with { Conflict = conflict }, status);
        }
        var json = TimetableEdit.WithDates(stored.Json, current.Version + 1, dates!);
        var previewed = await service.PreviewTimetableAsync(current.Id, json, cancellationToken);
        if (previewed.Problems is { } problems)
        {
            return await RenderAsync(request, viewer, TimetableView.Of(current, typed, [.. problems.Select(p => Problem(current, json, p))]) with { Conflict = conflict }, status);
        }
        var values = TimetableForm.Values(dates!);
        var moved = previewed.Systems.Count(s => s.Refusal is null && s.Moves.Count > 0);
        var proposal = new TimetableProposal(current.Id, current.Version, moved, values).Protect(protection);
        var view = TimetableView.Of(current, values) with
        {
            Preview = TimetablePreview.Of(previewed.Round!, previewed.Systems, reference.Directory, proposal),
            Conflict = conflict,
        };
        return await RenderAsync(request, viewer, view, conflict is null ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// Applies the change the confirm button carries, if the round is still at the version it was previewed against.
    /// Sent again once applied, it finds its own timetable stored and finishes telling any instance that missed it;
    /// after any other change it is shown again, previewed against the round as it now is.
    /// </summary>
    private async Task<IResult> ConfirmAsync(
        HttpRequest request, Viewer viewer, StoredRound stored, string? signed, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // Only this page signs a proposal, and only for a version stored, which is never removed.
        if (TimetableProposal.Read(protection, signed) is not { } proposal || proposal.Round != stored.Round.Id || proposal.Base > stored.Round.Version)
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "Please check the form",
                "The change to confirm could not be read, so the timetable has not changed.", "Open the timetable page again and preview the change once more.");
        }
        string? Value(string name) => proposal.Values.TryGetValue(name, out var v) ? v : null;
        var previewedOn = await versions.SnapshotAsync(proposal.Round, proposal.Base, cancellationToken);
        var (dates, _) = TimetableForm.Read(previewedOn.ToRound(), Value);
        var json = dates is null ? null : TimetableEdit.WithDates(previewedOn.Json, proposal.Base + 1, dates);
        if (json is null || (stored.Round.Version != proposal.Base && json != stored.Json))
        {
            return await PreviewAsync(request, viewer, stored, Value,
                "The timetable was changed by someone else after you previewed yours, so yours has not been applied. This is what it would do to the round as it is now: check it, then confirm it again.",
                cancellationToken);
        }
        var (changed, pending) = await service.ChangeTimetableAsync(client, stored.Round.Id, json, cancellationToken);
        if (changed.Value is null)
        {
            return await PreviewAsync(request, viewer, stored, Value,
                "The timetable could not be changed as previewed, so it has not changed: check the problems below.", cancellationToken);
        }
        var done = pending == 0 ? "changed" : "pending";
        return Results.Redirect($"/dashboard/{stored.Round.Id}/timetable?done={done}&moved={proposal.Moved.ToString(CultureInfo.InvariantCulture)}");
    }

    private async Task<IResult> RenderAsync(HttpRequest request, Viewer viewer, TimetableView view, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(request.HttpContext);
        return await pages.PageAsync<Components.TimetablePage>(new Dictionary<string, object?>
        {
            [nameof(Components.TimetablePage.View)] = view,
            [nameof(Components.TimetablePage.Now)] = time.GetUtcNow(),
            [nameof(Components.TimetablePage.SignedIn)] = viewer.Name,
            [nameof(Components.TimetablePage.Dashboard)] = $"/dashboard/{view.Round.Id}",
            [nameof(Components.TimetablePage.TokenField)] = tokens.FormFieldName,
            [nameof(Components.TimetablePage.Token)] = tokens.RequestToken,
        }, status);
    }

    /// <summary>A problem with the round file the dates make, linked to the date it is about, or to the form when it is about none.</summary>
    private static FormProblem Problem(Round round, string json, Problem problem) =>
        TimetableEdit.DateAt(json, problem.Path) is var (milestone, date) && round.Has(milestone)
            ? new FormProblem($"{TimetableForm.Field(milestone, date)}-day", $"{round.Definition[milestone].Title}: {problem.Message}")
            : new FormProblem("dates", $"The new dates do not fit the rest of the round: {problem.Message}");

    /// <summary>What the page says once a change is confirmed, by the address it came back to; nothing for an address it could not have made.</summary>
    private string? Banner(string? done, string? moved)
    {
        if (!int.TryParse(moved, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > reference.Directory.Systems.Length)
        {
            return null;
        }
        var systems = Html.Systems(count);
        return done switch
        {
            "changed" => $"The timetable has changed: {systems} moved.",
            "pending" => $"The timetable is being applied: {systems} will move. Some have still to take it, and will in a moment.",
            _ => null,
        };
    }
}
