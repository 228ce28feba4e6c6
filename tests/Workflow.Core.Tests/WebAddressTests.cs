namespace Workflow.Core.Tests;

public sealed class WebAddressTests
{
    [Theory]
    [InlineData("https://example.org/plan.pdf", true)]
    [InlineData("http://plans.example.org/E54000044/draft.pdf?v=2", true)]
    [InlineData("https://example.org/plan.pdf?a=1\r\nX-Injected: 1", false)]
    [InlineData("https://example.org/our plan.pdf", false)]
    [InlineData("https://example.org/plan.pdf\t", false)]
    [InlineData("ftp://example.org/plan.pdf", false)]
    [InlineData("plans/draft.pdf", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParse_OnlyAnAbsoluteWebAddressWithoutSpacesOrControlCharacters(string? text, bool taken)
    {
        Assert.Equal(taken, WebAddress.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_PastTheLongestAddress_IsRefused()
    {
        var longest = "https://example.org/" + new string('a', WebAddress.MaxLength - 20);

        Assert.True(WebAddress.TryParse(longest, out _));
        Assert.False(WebAddress.TryParse(longest + "a", out _));
    }
}
