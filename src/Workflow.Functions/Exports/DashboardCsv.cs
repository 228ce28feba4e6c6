using Workflow.Core.Rounds;
using Workflow.Functions.Api;
using Workflow.Functions.Pages;
using Workflow.Functions.Pages.Components;

namespace Workflow.Functions.Exports;

/// <summary>
/// The dashboard's view as CSV: the rows the page shows for the same filters, in the same order, a line per system and
/// a pair of columns per milestone, its tag in the page's words and the date the page shows beside it.
/// </summary>
public static class DashboardCsv
{
    public static IResult Result(DashboardView view, string fileName)
    {
        ArgumentNullException.ThrowIfNull(view);
        IReadOnlyList<string> header =
        [
            "region", "system", "name", "stage",
            .. view.Columns.SelectMany(m => (string[])[Column(m), Column(m) + "_date"]),
        ];
        var rows = view.Regions.SelectMany(group => group.Rows.Select(row => (IReadOnlyList<string>)
        [
            group.Region.Name, row.System.Code.Value, row.System.Name, DashboardPage.StageWords(row.Status.Stage),
            .. row.Cells.SelectMany(c => (string[])[CellTagView.WordsFor(c.Tag), c.Date is { } date ? Views.Local(date) : ""]),
        ]));
        return CsvExport.Result(fileName, header, rows);
    }

    // Headers in the status export's style: lower case, words joined by underscores.
    private static string Column(Milestone milestone) => milestone.Name().Replace('-', '_');
}
