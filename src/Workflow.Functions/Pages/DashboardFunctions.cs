using Microsoft.Azure.Functions.Worker;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Functions.Api;
using Workflow.Functions.Exports;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;

namespace Workflow.Functions.Pages;

/// <summary>
/// The dashboard: every system of a round the signed-in person may see, live from the status table. The national team
/// sees all 42, a region's director and deputies their region, a PMO their own system.
/// </summary>
public sealed class DashboardFunctions(
    RoundCatalog catalog, RoundStore rounds, StatusStore status, ReferenceData reference, Access access, PageRenderer pages, TimeProvider time)
{
    [Function("DashboardHome")]
    public async Task<IResult> HomeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (access.Require(request).Refusal is { } refused)
        {
            return refused;
        }
        // The newest round is the one being run; its id sorts last ("2020-21" after "2019-20").
        var newest = (await rounds.ListAsync(cancellationToken)).Select(r => r.Round.Value).Order(StringComparer.Ordinal).LastOrDefault();
        return newest is not null
            ? Results.Redirect($"/dashboard/{newest}")
            : Html.Problem(StatusCodes.Status404NotFound, "No rounds yet", "No planning round has been loaded.", "Ask the national planning team to load one.");
    }

    [Function("Dashboard")]
    public async Task<IResult> RoundAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{round}")] HttpRequest request, string round, CancellationToken cancellationToken)
    {
        var admission = access.Require(request);
        if (admission.Viewer is not { } viewer)
        {
            return admission.Refusal!;
        }
        if (await catalog.FindAsync(round, cancellationToken) is not { } stored)
        {
            return Html.NoRound(round);
        }
        var (filter, error) = DashboardFilter.Parse(request.Query, reference.Directory);
        if (filter is null)
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "That view does not exist", error!, "Clear the filters and choose them again.");
        }
        // Checked even for the download, which is always the whole view and so takes no notice of a well-formed page.
        var (number, wrongPage) = MatrixPage.Parse(request.Query);
        if (number is null)
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "That page does not exist", wrongPage!, "Go back to the dashboard and use the page links under the table.");
        }
        // The same view, to take away: the page's filters and refusals, and every row on every page, written as CSV instead of laid out.
        string? format = request.Query["format"];
        if (format is not null && format != "csv")
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "That download does not exist", "The dashboard can be downloaded only as CSV.", "Use the download link on the dashboard.");
        }
        var directory = reference.Directory;
        if (filter.Region is { } region && access.RefuseRegion(request, viewer, region) is { } notTheirs)
        {
            return notTheirs;
        }
        var visible = (await status.ListAsync(stored.Round.Id, cancellationToken))
            .Where(s => directory.TryGetSystem(s.Instance.System, out var system) && viewer.May(Permission.See, system));
        var now = time.GetUtcNow();
        var view = DashboardView.Of(stored.Round, visible, directory, directory.Regions.Where(r => viewer.MaySeeRegion(r.Code)), filter, now);
        if (format is not null)
        {
            return DashboardCsv.Result(view, $"{round}-dashboard.csv");
        }
        var path = $"/dashboard/{round}";
        if (MatrixPage.Of(view.Regions, number.Value) is not { } page)
        {
            var last = MatrixPage.CountOf(view.Regions);
            return await pages.PageAsync<Components.PastTheLastPage>(new Dictionary<string, object?>
            {
                [nameof(Components.PastTheLastPage.Last)] = last,
                [nameof(Components.PastTheLastPage.LastAddress)] = MatrixPage.Address(path, filter, last),
                [nameof(Components.PastTheLastPage.SignedIn)] = viewer.Name,
            }, StatusCodes.Status404NotFound);
        }
        return await pages.PageAsync<Components.DashboardPage>(new Dictionary<string, object?>
        {
            [nameof(Components.DashboardPage.View)] = view,
            [nameof(Components.DashboardPage.Page)] = page,
            [nameof(Components.DashboardPage.Now)] = now,
            [nameof(Components.DashboardPage.SignedIn)] = viewer.Name,
            [nameof(Components.DashboardPage.Path)] = path,
            [nameof(Components.DashboardPage.Actable)] = view.Regions.Sum(g => g.Rows.Count(r => viewer.May(Permission.Act, r.System))),
        });
    }
}
