using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Workflow.Functions.Api;

/// <summary>Where a page starts: the list and filters it belongs to, how many rows at most (null: every one left), and the last row already given.</summary>
public sealed record PageRequest(string List, int? Top, (string Round, string System)? After);

/// <summary>
/// Pages of the status lists, in round then system order. A continuation token names the last row a page gave and
/// the list and filters it was given for, sealed with Data Protection: a caller can hand it back, but not read, forge
/// or carry it to another round or filter. It names a row rather than a count, so a row added between pages neither
/// repeats one nor hides one.
/// </summary>
public sealed class StatusPages(IDataProtectionProvider protection)
{
    public const int MaxTop = 1000;
    public const string Top = "top";
    public const string Token = "continuationToken";

    private const string Purpose = "Workflow.Functions.Api.StatusPages.v1";
    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    /// <summary>
    /// The page the query asks for from <paramref name="list"/> filtered by the <paramref name="filters"/> named, with
    /// <paramref name="defaultTop"/> rows when it names no size; a bad size or token is added to <paramref name="errors"/>.
    /// </summary>
    public PageRequest Read(IQueryCollection query, string list, IEnumerable<string> filters, int? defaultTop, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        var scope = list + QueryString.Create(filters.Order(StringComparer.Ordinal).Select(f => new KeyValuePair<string, string?>(f, query[f].ToString()))).ToUriComponent();
        var top = defaultTop;
        if (query[Top].Count > 0)
        {
            top = int.TryParse(query[Top], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked is >= 1 and <= MaxTop ? asked : null;
            if (top is null)
            {
                errors[Top] = [$"must be a whole number from 1 to {MaxTop}"];
            }
        }
        (string, string)? after = null;
        if (query[Token].Count > 0)
        {
            after = Open(query[Token].ToString(), scope);
            if (after is null)
            {
                errors[Token] = ["is not a token this API gave for this list and these filters"];
            }
        }
        return new PageRequest(scope, top, after);
    }

    /// <summary>The requested page of <paramref name="rows"/>, which are in round then system order, and a token for the next when there is one.</summary>
    public StatusPage Page(IEnumerable<StatusView> rows, PageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rest = request.After is var (round, system)
            ? rows.Where(r => string.CompareOrdinal(r.Round, round) is var byRound && (byRound > 0 || (byRound == 0 && string.CompareOrdinal(r.System, system) > 0)))
            : rows;
        if (request.Top is not { } top)
        {
            return new StatusPage([.. rest], null);
        }
        var page = rest.Take(top + 1).ToList();
        if (page.Count <= top)
        {
            return new StatusPage(page, null);
        }
        page.RemoveAt(top);
        var last = page[^1];
        var sealedFields = new Dictionary<string, string?>(StringComparer.Ordinal) { ["list"] = request.List, ["round"] = last.Round, ["system"] = last.System };
        return new StatusPage(page, _protector.Protect(QueryString.Create(sealedFields).ToUriComponent()));
    }

    /// <summary>The page as the answer: the token also in the Durable Functions API's header, and a <c>Link</c> to the next page.</summary>
    public static IResult Ok(HttpRequest request, StatusPage page)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(page);
        if (page.ContinuationToken is { } token)
        {
            var next = request.Query.Where(q => q.Key != Token).Select(q => KeyValuePair.Create(q.Key, q.Value)).Append(KeyValuePair.Create(Token, new Microsoft.Extensions.Primitives.StringValues(token)));
            request.HttpContext.Response.Headers["x-ms-continuation-token"] = token;
            request.HttpContext.Response.Headers.Link = $"<{request.PathBase}{request.Path}{QueryString.Create(next)}>; rel=\"next\"";
        }
        return Results.Ok(page);
    }

    private (string Round, string System)? Open(string token, string scope)
    {
        string plain;
        try
        {
            plain = _protector.Unprotect(token);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
        var fields = QueryHelpers.ParseQuery(plain);
        return fields.TryGetValue("list", out var list) && list == scope && fields.TryGetValue("round", out var round) && fields.TryGetValue("system", out var system)
            ? (round.ToString(), system.ToString())
            : null;
    }
}
