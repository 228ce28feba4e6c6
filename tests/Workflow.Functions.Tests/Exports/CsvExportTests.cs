using System.Text;
using Workflow.Functions.Exports;

namespace Workflow.Functions.Tests.Exports;

/// <summary>The one CSV writer: Excel must open its files as UTF-8 text and never run a cell as a formula.</summary>
public sealed class CsvExportTests
{
    [Fact]
    public void Write_StartsWithAByteOrderMark()
    {
        var bytes = CsvExport.Write(["name"], [["Humber"]]);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")")]
    [InlineData("+1")]
    [InlineData("-2")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tcmd")]
    [InlineData("\rcmd")]
    public void Write_CellThatLooksLikeAFormula_StartsWithAQuote(string cell)
    {
        var text = Text(CsvExport.Write(["reason"], [[cell]]));

        var line = text.Split("\r\n")[1];
        Assert.StartsWith("\"'", line, StringComparison.Ordinal);
        Assert.Contains(cell.Replace("\"", "\"\"", StringComparison.Ordinal), line, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CommasQuotesAndLineBreaks_StayInsideTheirCell()
    {
        var text = Text(CsvExport.Write(["a", "b"], [["Humber, Coast and Vale", "said \"no\"\nthen yes"]]));

        Assert.Equal("a,b\r\n\"Humber, Coast and Vale\",\"said \"\"no\"\"\nthen yes\"\r\n", text);
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
}
