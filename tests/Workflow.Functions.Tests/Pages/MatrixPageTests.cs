using Workflow.Functions.Pages;

namespace Workflow.Functions.Tests.Pages;

/// <summary>Which page numbers the dashboard's pagination lists: the first, the last, two either side, gaps as ellipses.</summary>
public sealed class MatrixPageTests
{
    [Theory]
    [InlineData(1, 2, "1 2")]
    [InlineData(1, 5, "1 2 3 4 5")]
    [InlineData(1, 10, "1 2 3 … 10")]
    [InlineData(5, 10, "1 2 3 4 5 6 7 … 10")]
    [InlineData(6, 11, "1 … 4 5 6 7 8 … 11")]
    [InlineData(7, 20, "1 … 5 6 7 8 9 … 20")]
    [InlineData(20, 20, "1 … 18 19 20")]
    public void Numbers_ForAPageOfMany_ListTheEndsAndTheNeighbours(int number, int count, string expected)
    {
        var page = new MatrixPage(number, count, 0, 0, 0, []);

        Assert.Equal(expected, string.Join(' ', page.Numbers().Select(n => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "…")));
    }
}
