using System.Net;
using System.Text.RegularExpressions;
using Workflow.Functions.SignIn;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>A browser on the test host's pages: signed in, cookies kept, redirects not followed, forms sent as drawn.</summary>
internal static partial class PageBrowser
{
    [GeneratedRegex(@"<input type=""hidden"" name=""(__RequestVerificationToken[^""]*)"" value=""([^""]+)""")]
    private static partial Regex TokenField();

    [GeneratedRegex(@"<input type=""hidden"" name=""key"" value=""([^""]+)""")]
    private static partial Regex KeyField();

    public static HttpClient Open(TestHost host, ClientPrincipal who)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };
        browser.DefaultRequestHeaders.SignIn(who);
        return browser;
    }

    /// <summary>The fields a form of <paramref name="html"/> carries before any answer: its anti-forgery token and its key.</summary>
    public static List<KeyValuePair<string, string>> Drawn(string html)
    {
        var token = TokenField().Match(html);
        Assert.True(token.Success, html);
        return [new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)), new("key", KeyField().Match(html).Groups[1].Value)];
    }

    /// <summary>The value of the hidden field <paramref name="name"/> a form of <paramref name="html"/> carries, failing the test when none does.</summary>
    public static string Hidden(string html, string name)
    {
        var field = Regex.Match(html, $@"<input type=""hidden"" name=""{Regex.Escape(name)}"" value=""([^""]+)""");
        Assert.True(field.Success, html);
        return WebUtility.HtmlDecode(field.Groups[1].Value);
    }

    /// <summary>Opens <paramref name="page"/> and sends one of its forms to <paramref name="to"/>, with the answers given.</summary>
    public static async Task<HttpResponseMessage> SendFormAsync(HttpClient browser, string page, string to, params (string Name, string Value)[] answers)
    {
        var fields = Drawn(await browser.GetStringAsync(page));
        fields.AddRange(answers.Select(a => new KeyValuePair<string, string>(a.Name, a.Value)));
        return await browser.PostAsync(to, new FormUrlEncodedContent(fields));
    }
}
