using Microsoft.Azure.Functions.Worker;
using Workflow.Core;
using Workflow.Functions.Exports;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;

namespace Workflow.Functions.Pages;

/// <summary>
/// The forecast page: from where every system the signed-in person may see stands now, what the coming weeks would
/// send if people acted as an assumption says. It reads the journal's snapshots and writes nothing.
/// </summary>
public sealed class ForecastPageFunctions(RoundCatalog catalog, RoundForecasts forecasts, ReferenceData reference, Access access, PageRenderer pages)
{
    [Function("ForecastPage")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{round}/forecast")] HttpRequest request, string round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var admission = access.Require(request);
        if (admission.Viewer is not { } viewer)
        {
            return admission.Refusal!;
        }
        if (await catalog.FindAsync(round, cancellationToken) is not { } stored)
        {
            return Html.NoRound(round);
        }
        var (query, error) = ForecastQuery.Parse(request.Query, reference.Directory);
        if (query is null)
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "That forecast does not exist", error!, "Open the forecast from the dashboard and choose again.");
        }
        string? format = request.Query["format"];
        if (format is not null && format != "csv")
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "That download does not exist", "The forecast can be downloaded only as CSV.", "Use the download link on the forecast.");
        }
        if (query.Region is { } region && access.RefuseRegion(request, viewer, region) is { } notTheirs)
        {
            return notTheirs;
        }
        var systems = query.Systems(reference.Directory, viewer);
        var forecast = await forecasts.OfAsync(stored.Round, systems, query.Horizon, query.Assumption, cancellationToken);
        var view = ForecastView.Of(stored.Round, query, forecast, systems, reference.Directory.Regions.Where(r => viewer.MaySeeRegion(r.Code)));
        if (format is not null)
        {
            return ForecastCsv.Result(view, $"{round}-forecast.csv");
        }
        return await pages.PageAsync<Components.ForecastPage>(new Dictionary<string, object?>
        {
            [nameof(Components.ForecastPage.View)] = view,
            [nameof(Components.ForecastPage.SignedIn)] = viewer.Name,
            [nameof(Components.ForecastPage.Dashboard)] = $"/dashboard/{round}",
        });
    }
}
