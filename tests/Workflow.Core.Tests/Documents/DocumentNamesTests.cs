using CsCheck;
using Workflow.Core.Documents;

namespace Workflow.Core.Tests.Documents;

public sealed class DocumentNamesTests
{
    [Theory]
    [InlineData("plan.pdf", "plan.pdf")]
    [InlineData("Draft plan (v2).PDF", "Draft-plan-v2.pdf")]
    [InlineData("HCV_final_plan.v3.docx", "HCV_final_plan.v3.docx")]
    [InlineData("Zoë’s plan – für 2019.xlsx", "Zoë-s-plan-für-2019.xlsx")]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\pmo\\Desktop\\plan.docx", "plan.docx")]
    [InlineData("\\\\server\\share\\plan.pdf", "plan.pdf")]
    [InlineData("plan\r\nBcc: x@example.org.pdf", "plan-Bcc-x-example.org.pdf")]
    [InlineData("plan\u0000\u001b.pdf", "plan.pdf")]
    [InlineData("cv\u202Efdp.exe", "cvfdp.exe")]
    [InlineData(".htaccess.pdf", "htaccess.pdf")]
    [InlineData("plan.pdf. ", "plan.pdf")]
    [InlineData("  --plan--  .pdf", "plan.pdf")]
    [InlineData("plan.p df", "plan-p-df")]
    [InlineData("plan.averyveryverylongextension", "plan-averyveryverylongextension")]
    [InlineData("CON.pdf", "document-CON.pdf")]
    [InlineData("lpt1.tar.gz", "document-lpt1.tar.gz")]
    [InlineData("console.pdf", "console.pdf")]
    [InlineData("计划\u200B.pdf", "计划.pdf")]
    public void Safe_KeepsAReadableNameWithoutFoldersOrHiddenCharacters(string name, string safe)
    {
        Assert.Equal(safe, DocumentNames.Safe(name));
    }

    [Theory]
    [InlineData(".pdf", "document.pdf")]
    [InlineData("....pdf", "document.pdf")]
    [InlineData("(((.docx", "document.docx")]
    [InlineData("../", "document")]
    [InlineData("", "document")]
    [InlineData(null, "document")]
    public void Safe_NothingLeftOfTheName_FallsBackToDocumentWithItsExtension(string? name, string safe)
    {
        Assert.Equal(safe, DocumentNames.Safe(name));
    }

    [Fact]
    public void Safe_ALongName_IsCutButKeepsItsExtension()
    {
        var safe = DocumentNames.Safe(new string('a', 300) + ".pdf");

        Assert.Equal(new string('a', DocumentNames.MaxStemLength) + ".pdf", safe);
    }

    [Fact]
    public void Safe_ALongNameCutAtACharacterOfTwoHalves_KeepsTheCharacterWholeOrNotAtAll()
    {
        var safe = DocumentNames.Safe(new string('a', DocumentNames.MaxStemLength - 1) + "\U0001D400\U0001D400.pdf");

        Assert.Equal(new string('a', DocumentNames.MaxStemLength - 1) + ".pdf", safe);
    }

    [Fact]
    public void Safe_ALongNameOfAWindowsDevice_IsStillNoLongerThanTheLongest()
    {
        var safe = DocumentNames.Safe("CON." + new string('a', 200) + ".pdf");

        Assert.Equal(("document-CON.aaaa", ".pdf"), (safe[..17], safe[^4..]));
        Assert.Equal(DocumentNames.MaxStemLength + ".pdf".Length, safe.Length);
    }

    [Theory]
    [InlineData("Plan.PDF", ".pdf")]
    [InlineData("plan.pdf.", ".pdf")]
    [InlineData("folder.pdf/plan", "")]
    [InlineData("plan", "")]
    [InlineData(null, "")]
    public void Extension_IsTheOneSafeKeeps(string? name, string extension)
    {
        Assert.Equal(extension, DocumentNames.Extension(name));
        Assert.EndsWith(extension, DocumentNames.Safe(name), StringComparison.Ordinal);
    }

    [Fact]
    public void Safe_AnyName_IsOneShortPartOfOnlyLettersDigitsAndPunctuationThatIsSafe() =>
        Gen.String[Gen.OneOf(Gen.Char["/\\.:-_ \r\n\t\0\u202E\u2028"], Gen.Char['\u0020', '\u007E'], Gen.Char)].Sample(name =>
        {
            var safe = DocumentNames.Safe(name);

            Assert.NotEmpty(safe);
            Assert.True(safe.Length <= DocumentNames.MaxStemLength + 17, safe);
            Assert.DoesNotContain(safe, c => c is '/' or '\\' or ':' or ' ' || char.IsControl(c) || char.IsWhiteSpace(c));
            Assert.False(safe[0] is '.' or '-', safe);
            Assert.Equal(safe, DocumentNames.Safe(safe));
        }, iter: 1000);
}
