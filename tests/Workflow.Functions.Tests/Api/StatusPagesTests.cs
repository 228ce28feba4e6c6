using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Workflow.Functions.Api;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Api;

/// <summary>Pages of the status lists and the tokens between them, as both status routes read them.</summary>
public sealed class StatusPagesTests
{
    private const string RoundList = $"rounds/{TestData.Round}/status";
    private static readonly string[] Filters = ["round", "region"];

    private readonly StatusPages _pages = new(new EphemeralDataProtectionProvider());

    private static StatusView Row(string system, string round = TestData.Round) =>
        new(round, system, system, "E40000003", "drafting", false, 0, "draft", null, false, "none", null, 1, DateTimeOffset.UnixEpoch);

    private static readonly StatusView[] FortyTwo = [.. Enumerable.Range(1, 42).Select(n => Row($"E54{n:000000}"))];

    private static QueryCollection Query(string text) => new QueryCollection(QueryHelpers.ParseQuery(text));

    private (PageRequest Asked, Dictionary<string, string[]> Errors) Read(string query, string list = RoundList, int? defaultTop = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        return (_pages.Read(Query(query), list, Filters, defaultTop, errors), errors);
    }

    private static string Next(string query, string token) => $"{query}&{StatusPages.Token}={Uri.EscapeDataString(token)}";

    [Fact]
    public void Page_TopTenThroughFortyTwo_EachOnceInOrder()
    {
        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var (asked, errors) = Read(token is null ? "?top=10" : Next("?top=10", token));
            Assert.Empty(errors);
            var page = _pages.Page(FortyTwo, asked);
            Assert.InRange(page.Items.Count, 1, 10);
            seen.AddRange(page.Items.Select(i => i.System));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(5, pages);
        Assert.Equal(FortyTwo.Select(r => r.System), seen);
    }

    [Fact]
    public void Page_NoTopAndNoDefault_EveryRowAndNoToken()
    {
        var page = _pages.Page(FortyTwo, Read("").Asked);

        Assert.Equal(42, page.Items.Count);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public void Page_ExactlyFilled_IsTheLastPage()
    {
        var page = _pages.Page(FortyTwo, Read("?top=42").Asked);

        Assert.Equal(42, page.Items.Count);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public void Page_ARowAddedBeforeTheNextPage_NeitherRepeatsNorHidesOne()
    {
        var first = _pages.Page(FortyTwo, Read("?top=10").Asked);
        var grown = FortyTwo.Append(Row("E54000000")).OrderBy(r => r.System, StringComparer.Ordinal).ToList();

        var second = _pages.Page(grown, Read(Next("?top=10", first.ContinuationToken!)).Asked);

        Assert.Equal(FortyTwo.Skip(10).Take(10).Select(r => r.System), second.Items.Select(r => r.System));
    }

    [Fact]
    public void Page_AcrossRounds_RoundThenSystem()
    {
        List<StatusView> rows = [Row("E54000002", "2019-20"), Row("E54000009", "2019-20"), Row("E54000001", "2020-21")];

        var first = _pages.Page(rows, Read("?top=2", "instances").Asked);
        var second = _pages.Page(rows, Read(Next("?top=2", first.ContinuationToken!), "instances").Asked);

        Assert.Equal([("2020-21", "E54000001")], second.Items.Select(r => (r.Round, r.System)));
    }

    [Theory]
    [InlineData("?top=0")]
    [InlineData("?top=1001")]
    [InlineData("?top=x")]
    [InlineData("?top=-1")]
    [InlineData("?top=")]
    [InlineData("?top=10&top=20")]
    public void Read_BadTop_NamesTop(string query)
    {
        var (_, errors) = Read(query);

        Assert.Equal([StatusPages.Top], errors.Keys);
    }

    [Theory]
    [InlineData("?top=1", 1)]
    [InlineData("?top=1000", 1000)]
    [InlineData("", 50)]
    public void Read_Top_WithinBoundsOrTheDefault(string query, int top)
    {
        var (asked, errors) = Read(query, defaultTop: 50);

        Assert.Empty(errors);
        Assert.Equal(top, asked.Top);
    }

    [Fact]
    public void Read_TamperedToken_NamesTheToken()
    {
        var token = _pages.Page(FortyTwo, Read("?top=10").Asked).ContinuationToken!;
        var tampered = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];

        Assert.Equal([StatusPages.Token], Read(Next("?top=10", tampered)).Errors.Keys);
        Assert.Equal([StatusPages.Token], Read(Next("?top=10", "not-a-token")).Errors.Keys);
        Assert.Equal([StatusPages.Token], Read(Next("?top=10", "")).Errors.Keys);
    }

    [Fact]
    public void Read_TokenFromAnotherRoundOrFilter_NamesTheToken()
    {
        var token = _pages.Page(FortyTwo, Read("?top=10").Asked).ContinuationToken!;
        var filtered = _pages.Page(FortyTwo, Read("?round=2019-20&top=10", "instances").Asked).ContinuationToken!;

        Assert.Equal([StatusPages.Token], Read(Next("?top=10", token), "rounds/2020-21/status").Errors.Keys);
        Assert.Equal([StatusPages.Token], Read(Next("?round=2020-21&top=10", filtered), "instances").Errors.Keys);
        Assert.Equal([StatusPages.Token], Read(Next("?round=2019-20&region=London&top=10", filtered), "instances").Errors.Keys);
        Assert.Empty(Read(Next("?round=2019-20&top=5", filtered), "instances").Errors);
    }

    [Fact]
    public void Read_TokenSealedWithOtherKeys_NamesTheToken()
    {
        var token = new StatusPages(new EphemeralDataProtectionProvider()).Page(FortyTwo, Read("?top=10").Asked).ContinuationToken!;

        Assert.Equal([StatusPages.Token], Read(Next("?top=10", token)).Errors.Keys);
    }
}
