using System.Globalization;
using Workflow.Functions.Api;
using Workflow.Functions.Pages;

namespace Workflow.Functions.Exports;

/// <summary>
/// The forecast's messages as CSV: a line per message that would go out, in the order the page lists them, with the
/// week it falls in, the system, and its time in UK time as the other exports write times.
/// </summary>
public static class ForecastCsv
{
    private static readonly string[] Header = ["week_commencing", "system", "name", "region", "at", "kind", "milestone", "command_id"];

    public static IResult Result(ForecastView view, string fileName)
    {
        ArgumentNullException.ThrowIfNull(view);
        return CsvExport.Result(fileName, Header, view.Weeks.SelectMany(week => week.Systems.SelectMany(system => system.Sends.Select(send => (IReadOnlyList<string>)
        [
            week.Monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), system.System.Code.Value, system.System.Name, system.System.Region.Value,
            Views.Local(send.At), Views.Kebab(send.Kind), send.Key?.ToString() ?? "", send.Id,
        ]))));
    }
}
