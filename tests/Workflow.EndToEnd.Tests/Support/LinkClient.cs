using System.Net;
using System.Text.RegularExpressions;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Support;

/// <summary>A page as served: its status, content type and HTML.</summary>
internal sealed partial record Page(HttpStatusCode Status, string? ContentType, string Html)
{
    /// <summary>The text of the first &lt;h1&gt;, decoded.</summary>
    public string Heading => H1().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(TagsOrSpace().Replace(m.Groups[1].Value, " ")).Trim() : "";

    /// <summary>The page's words without markup, decoded and with runs of space made one.</summary>
    public string Text => Space().Replace(WebUtility.HtmlDecode(TagsOrSpace().Replace(Html, " ")), " ").Trim();

    /// <summary>The anti-forgery field the page's forms carry, or null when it has no form.</summary>
    public (string Name, string Value)? Antiforgery =>
        HiddenField().Match(Html) is { Success: true } m ? (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)) : null;

    public override string ToString() => $"{(int)Status} {Heading}: {(Text.Length > 400 ? Text[..400] + "…" : Text)}";

    [GeneratedRegex(@"<h1[^>]*>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex H1();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex TagsOrSpace();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"<input type=""hidden"" name=""([^""]+)"" value=""([^""]*)"" ?/?>")]
    private static partial Regex HiddenField();
}

/// <summary>
/// One person's browser, as far as HTTP goes: it keeps cookies (so the anti-forgery cookie goes back with the
/// form) and does not follow redirects.
/// </summary>
internal sealed class LinkClient : IDisposable
{
    private readonly HttpClient _client;

    public LinkClient(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false, MaxConnectionsPerServer = 16 })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(90),
        }.SignedIn();
    }

    public CookieContainer Cookies { get; }

    public async Task<Page> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response);
    }

    /// <summary>Opens a link page and returns it with the anti-forgery field its form carries (failing if it has none).</summary>
    public async Task<(Page Page, KeyValuePair<string, string> Antiforgery)> OpenFormAsync(string path)
    {
        var page = await GetAsync(path);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {path}: {page}");
        var field = page.Antiforgery ?? throw new InvalidOperationException($"The page at {path} has no anti-forgery field: {page}");
        return (page, new(field.Name, field.Value));
    }

    public async Task<Page> PostFormAsync(string path, params KeyValuePair<string, string>[] fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    public async Task<Page> PostAsync(string path, HttpContent content)
    {
        using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => await _client.SendAsync(request);

    public void Dispose() => _client.Dispose();

    private static async Task<Page> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
}

internal static class Form
{
    public static KeyValuePair<string, string> Field(string name, string value) => new(name, value);
}
