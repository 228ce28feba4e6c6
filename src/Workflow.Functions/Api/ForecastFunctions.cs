using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Exports;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;

namespace Workflow.Functions.Api;

/// <summary>
/// The forecast as JSON, or as CSV with <c>format=csv</c>: the same systems, messages and national plan the forecast
/// page shows for the same query, for those who may see them. It reads and writes nothing else.
/// </summary>
public sealed class ForecastFunctions(RoundCatalog catalog, RoundForecasts forecasts, ReferenceData reference, Access access)
{
    [Function("RoundForecast")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/rounds/{round}/forecast")] HttpRequest request, string round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (viewer, refused) = access.Require(request);
        if (refused is not null)
        {
            return refused;
        }
        if (await Http.UnknownRoundAsync(catalog, round, cancellationToken) is { } unknown)
        {
            return unknown;
        }
        var (query, error) = ForecastQuery.Parse(request.Query, reference.Directory);
        if (query is null)
        {
            return Http.BadRequest(error!);
        }
        string? format = request.Query["format"];
        if (format is not null && format != "csv")
        {
            return Http.BadRequest("The forecast is JSON, or CSV with format=csv.");
        }
        if (query.Region is { } region && access.RefuseRegion(request, viewer!, region) is { } notTheirs)
        {
            return notTheirs;
        }
        var stored = (await catalog.GetAsync(new Workflow.Core.RoundId(round), cancellationToken: cancellationToken))!;
        var systems = query.Systems(reference.Directory, viewer!);
        var forecast = await forecasts.OfAsync(stored.Round, systems, query.Horizon, query.Assumption, cancellationToken);
        var view = ForecastView.Of(stored.Round, query, forecast, systems, []);
        return format is null ? Results.Ok(Views.Of(stored.Round, view)) : ForecastCsv.Result(view, $"{round}-forecast.csv");
    }
}
