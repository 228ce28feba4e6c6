using System.Text;
using Workflow.Core.Documents;

namespace Workflow.Core.Tests.Documents;

public sealed class UploadRulesTests
{
    /// <summary>The start of a PDF: its header, then the comment of four high bytes that tells tools it is binary.</summary>
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n%"u8, 0xE2, 0xE3, 0xCF, 0xD3, .. "\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"u8];

    /// <summary>The start of a zip archive as Word writes it: a local file header for "[Content_Types].xml".</summary>
    private static readonly byte[] OfficeOpenXml =
        [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0xDF, 0xA4, 0xD2, 0x6C, .. "[Content_Types].xml"u8];

    /// <summary>The start of an OpenDocument file: its first entry, stored, is "mimetype".</summary>
    private static readonly byte[] OpenDocument =
        [0x50, 0x4B, 0x03, 0x04, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00, .. "mimetypeapplication/vnd.oasis.opendocument.text"u8];

    /// <summary>A Windows executable: "MZ", its DOS header (full of NULs), and the stub's message.</summary>
    private static readonly byte[] Executable =
        [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, .. "This program cannot be run in DOS mode."u8];

    private static readonly byte[] WebPage = "<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>"u8.ToArray();

    [Theory]
    [InlineData("plan.pdf", "application/pdf")]
    [InlineData("PLAN.PDF", "application/pdf")]
    [InlineData("plan.pdf.", "application/pdf")]
    public void Check_APdf_IsAcceptedAsAPdf(string name, string contentType)
    {
        var accepted = Assert.IsType<UploadAccepted>(UploadRules.Check(name, Pdf));

        Assert.Equal(contentType, accepted.ContentType);
        Assert.Equal(".pdf", accepted.Kind.Extension);
    }

    [Theory]
    [InlineData("plan.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("finance.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("slides.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")]
    public void Check_AnOfficeOpenXmlDocument_IsAcceptedAsTheKindItsNameSays(string name, string contentType)
    {
        var accepted = Assert.IsType<UploadAccepted>(UploadRules.Check(name, OfficeOpenXml));

        Assert.Equal(contentType, accepted.ContentType);
    }

    [Theory]
    [InlineData("plan.odt", "application/vnd.oasis.opendocument.text")]
    [InlineData("finance.ods", "application/vnd.oasis.opendocument.spreadsheet")]
    public void Check_AnOpenDocument_IsAcceptedAsTheKindItsNameSays(string name, string contentType)
    {
        var accepted = Assert.IsType<UploadAccepted>(UploadRules.Check(name, OpenDocument));

        Assert.Equal(contentType, accepted.ContentType);
    }

    [Theory]
    [InlineData("System,Milestone,Due\r\nHumber,Draft,2019-09-27\r\n")]
    [InlineData("\uFEFFSystem,Budget\nHumber,\u00a35m\n")]
    [InlineData("System\tNote\nHumber\t\"Says \"\"<b>\"\" in a cell\"\n")]
    [InlineData("Système,Zoë,€,😀")]
    public void Check_Utf8Text_IsAcceptedAsACsv(string text)
    {
        var accepted = Assert.IsType<UploadAccepted>(UploadRules.Check("returns.csv", Encoding.UTF8.GetBytes(text)));

        Assert.Equal("text/csv", accepted.ContentType);
    }

    [Fact]
    public void Check_CsvWhoseHeadEndsHalfWayThroughACharacter_IsAccepted()
    {
        var pound = Encoding.UTF8.GetBytes("\u00a3");
        byte[] head = [.. Enumerable.Repeat((byte)'a', UploadRules.HeadLength - 1), pound[0]];

        Assert.IsType<UploadAccepted>(UploadRules.Check("returns.csv", head));
    }

    [Fact]
    public void Check_BytesPastTheHead_AreNotRead()
    {
        byte[] file = [.. Enumerable.Repeat((byte)'a', UploadRules.HeadLength), 0x00, 0x4D, 0x5A];

        Assert.IsType<UploadAccepted>(UploadRules.Check("returns.csv", file));
    }

    [Theory]
    [InlineData("plan.pdf")]
    [InlineData("plan.docx")]
    [InlineData("plan.ods")]
    [InlineData("plan.csv")]
    public void Check_AWindowsExecutable_IsRefusedWhateverItsName(string name)
    {
        var refused = Assert.IsType<UploadRefused>(UploadRules.Check(name, Executable));

        Assert.Equal(UploadRefusal.ContentNotOfItsKind, refused.Refusal);
    }

    [Theory]
    [InlineData("plan.pdf")]
    [InlineData("plan.xlsx")]
    [InlineData("plan.csv")]
    public void Check_AWebPage_IsRefusedWhateverItsName(string name)
    {
        var refused = Assert.IsType<UploadRefused>(UploadRules.Check(name, WebPage));

        Assert.Equal(UploadRefusal.ContentNotOfItsKind, refused.Refusal);
    }

    [Theory]
    [InlineData("plan.pdf", "The selected file is named .pdf but is not a PDF")]
    [InlineData("plan.docx", "The selected file is named .docx but is not a Word document")]
    [InlineData("plan.csv", "The selected file is named .csv but is not a CSV file saved as UTF-8")]
    public void Check_ContentOfAnotherKind_SaysWhatTheNamePromised(string name, string reason)
    {
        var other = name.EndsWith(".pdf", StringComparison.Ordinal) ? OfficeOpenXml : Pdf;

        var refused = Assert.IsType<UploadRefused>(UploadRules.Check(name, other));

        Assert.Equal((UploadRefusal.ContentNotOfItsKind, reason), (refused.Refusal, refused.Reason));
    }

    public static TheoryData<string, byte[]> NotUtf8Text => new()
    {
        { "UTF-16, as Excel saves Unicode text", [0xFF, 0xFE, .. "S\0y\0s\0t\0e\0m\0"u8] },
        { "Windows-1252, with a pound sign", [.. "Budget,"u8, 0xA3, .. "5m"u8] },
        { "an escape sequence", [.. "System\u001B[2J,Plan"u8] },
        { "a NUL", [.. "System,Plan"u8, 0x00] },
        { "a web page after a byte order mark and blank lines", [0xEF, 0xBB, 0xBF, .. " \r\n\t<svg onload=alert(1)>"u8] },
        { "a zip archive", OfficeOpenXml },
        { "a PDF", Pdf },
    };

    [Theory]
    [MemberData(nameof(NotUtf8Text))]
    public void Check_CsvThatIsNotPlainUtf8Text_IsRefused(string what, byte[] content)
    {
        var refused = Assert.IsType<UploadRefused>(UploadRules.Check("returns.csv", content));

        Assert.True(refused.Refusal == UploadRefusal.ContentNotOfItsKind, what);
    }

    [Theory]
    [InlineData("plan.exe")]
    [InlineData("plan.html")]
    [InlineData("plan.svg")]
    [InlineData("plan.doc")]
    [InlineData("plan.pdf.exe")]
    [InlineData("plan")]
    [InlineData("pdf")]
    [InlineData("")]
    [InlineData(null)]
    public void Check_ANameOfNoAcceptedKind_IsRefusedWhateverTheContent(string? name)
    {
        var refused = Assert.IsType<UploadRefused>(UploadRules.Check(name, Pdf));

        Assert.Equal(UploadRefusal.KindNotAccepted, refused.Refusal);
        Assert.Equal("The selected file must be one of .pdf, .docx, .xlsx, .pptx, .odt, .ods, .csv", refused.Reason);
    }

    [Fact]
    public void Check_AnEmptyFile_IsRefusedAsEmpty()
    {
        var refused = Assert.IsType<UploadRefused>(UploadRules.Check("plan.pdf", []));

        Assert.Equal((UploadRefusal.Empty, "The selected file is empty"), (refused.Refusal, refused.Reason));
    }

    [Fact]
    public void Check_AnAcceptedDocument_IsKeptUnderItsSafeName()
    {
        var accepted = Assert.IsType<UploadAccepted>(UploadRules.Check("C:\\Users\\pmo\\Draft plan (v2).PDF", Pdf));

        Assert.Equal("Draft-plan-v2.pdf", accepted.FileName);
    }

    public static TheoryData<string, string> EveryPairOfKinds
    {
        get
        {
            var pairs = new TheoryData<string, string>();
            foreach (var named in DocumentKind.All)
            {
                foreach (var content in DocumentKind.All)
                {
                    pairs.Add(named.Extension, content.Extension);
                }
            }
            return pairs;
        }
    }

    /// <summary>
    /// The first bytes tell a PDF, a zip and text apart, but not one zip-based kind from another: a Word document named
    /// .xlsx is taken, and is no more harmful than under its own name.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryPairOfKinds))]
    public void Check_ContentOfOneKindNamedAsAnother_IsAcceptedOnlyWhenTheyBeginAlike(string named, string content)
    {
        var accepted = UploadRules.Check("file" + named, Sample(content)) is UploadAccepted;

        Assert.Equal(Family(named) == Family(content), accepted);
    }

    private static byte[] Sample(string extension) => extension switch
    {
        ".pdf" => Pdf,
        ".csv" => "System,Plan\nHumber,Draft\n"u8.ToArray(),
        ".odt" or ".ods" => OpenDocument,
        _ => OfficeOpenXml,
    };

    private static string Family(string extension) => extension switch
    {
        ".pdf" => "pdf",
        ".csv" => "text",
        _ => "zip",
    };
}
