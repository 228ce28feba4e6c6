using CsCheck;

namespace Workflow.Core.Tests;

public sealed class PlainTextTests
{
    /// <summary>Every character that must never reach a line: each way of breaking one, and every other control or direction character.</summary>
    private static readonly string Forbidden = new([
        .. Enumerable.Range(0, 0x20).Select(c => (char)c),
        .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c),
        '\u2028', '\u2029',
        '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
        '\u2066', '\u2067', '\u2068', '\u2069',
    ]);

    [Theory]
    [InlineData("Alex Morgan", "Alex Morgan")]
    [InlineData("Eve\r\nBcc: x@example.org", "Eve Bcc: x@example.org")]
    [InlineData("Eve\nBcc: x@example.org", "Eve Bcc: x@example.org")]
    [InlineData("Eve\rBcc: x@example.org", "Eve Bcc: x@example.org")]
    [InlineData("Eve\u0085Bcc: x@example.org", "Eve Bcc: x@example.org")]
    [InlineData("Eve\u2028Bcc: x@example.org", "Eve Bcc: x@example.org")]
    [InlineData("Eve\u2029Bcc: x@example.org", "Eve Bcc: x@example.org")]
    [InlineData("Eve\vBcc\f: x", "Eve Bcc : x")]
    [InlineData("Eve \r\n\r\n  Bcc", "Eve Bcc")]
    [InlineData("Humber,\tCoast and Vale", "Humber, Coast and Vale")]
    [InlineData("  Alex Morgan \r\n", "Alex Morgan")]
    [InlineData("Al\0ex\u001b[31m Morgan\u007f\u009b", "Alex[31m Morgan")]
    [InlineData("plan\u202Efdp.exe", "planfdp.exe")]
    [InlineData("\u2066Sam\u2069 \u202APatel\u202C", "Sam Patel")]
    [InlineData("Two  spaces kept", "Two  spaces kept")]
    [InlineData("Zoë — £5 😀", "Zoë — £5 😀")]
    [InlineData("\r\n\t\0", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Line_BreaksAndTabsBecomeASpaceAndOtherControlsGo(string? text, string line)
    {
        Assert.Equal(line, PlainText.Line(text));
    }

    [Fact]
    public void Line_AnUnpairedSurrogate_BecomesTheReplacementCharacter()
    {
        Assert.Equal("a\uFFFDb", PlainText.Line("a\uD800b"));
    }

    [Theory]
    [InlineData("One line.", "One line.")]
    [InlineData("First.\r\nSecond.", "First.\nSecond.")]
    [InlineData("First.\rSecond.\nThird.\u2028Fourth.\u2029Fifth.\u0085Sixth.", "First.\nSecond.\nThird.\nFourth.\nFifth.\nSixth.")]
    [InlineData("\r\n\r\nFirst.   \r\n\r\n\r\n\r\nSecond.\r\n\r\n", "First.\n\nSecond.")]
    [InlineData("Points:\n  - one\n\t- two", "Points:\n  - one\n - two")]
    [InlineData("Fine.\u001b[2J\0 Really\u202E.", "Fine.[2J Really.")]
    [InlineData(" \r\n\t\r\n", "")]
    [InlineData(null, "")]
    public void Block_KeepsLineBreaksAsNewLinesAndNothingElseThatIsNotText(string? text, string block)
    {
        Assert.Equal(block, PlainText.Block(text));
    }

    [Fact]
    public void Line_AnyText_HasNoForbiddenCharacterAndNoSpaceAtEitherEnd() =>
        Gen.String[Gen.OneOf(Gen.Char[Forbidden], Gen.Char['\u0020', '\u007E'], Gen.Char)].Sample(text =>
        {
            var line = PlainText.Line(text);

            Assert.DoesNotContain(line, c => Forbidden.Contains(c));
            Assert.Equal(line.Trim(), line);
        }, iter: 500);

    [Fact]
    public void Block_AnyText_IsLinesEachOfWhichIsAlreadyALine() =>
        Gen.String[Gen.OneOf(Gen.Char[Forbidden], Gen.Char['\u0020', '\u007E'], Gen.Char)].Sample(text =>
        {
            var lines = PlainText.Block(text).Split('\n');

            Assert.All(lines, line => Assert.Equal(PlainText.Line(line), line.TrimStart()));
            Assert.DoesNotContain(lines.Zip(lines.Skip(1)), pair => pair.First.Length == 0 && pair.Second.Length == 0);
        }, iter: 500);

    [Fact]
    public void LineAndBlock_OfCleanText_ChangeNothing() =>
        Gen.String[Gen.Char['\u0020', '\u007E']].Select(PlainText.Line).Sample(line =>
        {
            Assert.Equal(line, PlainText.Line(line));
            Assert.Equal(line, PlainText.Block(line));
        }, iter: 300);
}
