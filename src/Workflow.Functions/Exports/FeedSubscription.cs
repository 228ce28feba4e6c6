using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Workflow.Core;
using Workflow.Core.Calendar;

namespace Workflow.Functions.Exports;

/// <summary>
/// What a personal subscription address carries, protected with the app's data protection so that a calendar program
/// can hold it but nobody can read or change it: whose address it is (their directory address), which feed, and when it
/// was made. It does not expire: a subscription lives for months, and the directory revokes it instead, since the feed
/// is served only while the person it names may still read it there. Anything edited, made up, or protected for
/// another purpose reads as nothing.
/// </summary>
public sealed record FeedSubscription(string Person, CalendarFeed Feed, DateTimeOffset Issued)
{
    /// <summary>What these tokens are protected for, apart from every other use of the app's keys.</summary>
    public const string Purpose = "Workflow.Functions.Exports.FeedSubscription.v1";

    /// <summary>Far longer than any address this makes (about 250 characters): anything longer is refused unread.</summary>
    private const int MaxTokenLength = 2000;

    public string Protect(IDataProtectionProvider protection)
    {
        ArgumentNullException.ThrowIfNull(protection);
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["person"] = Person,
            ["round"] = Feed.Round.Value,
            ["feed"] = Feed.Scope,
            ["issued"] = Issued.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        return protection.CreateProtector(Purpose).Protect(QueryString.Create(fields).ToUriComponent());
    }

    public static FeedSubscription? Read(IDataProtectionProvider protection, string? token)
    {
        ArgumentNullException.ThrowIfNull(protection);
        // Data protection's decoder passes over white space, so without this one address could be spelt many ways.
        if (token is not { Length: > 0 and <= MaxTokenLength } || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }
        string plain;
        try
        {
            plain = protection.CreateProtector(Purpose).Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var fields = QueryHelpers.ParseQuery(plain);
        return fields.TryGetValue("person", out var person) && person.Count == 1 && person[0] is { Length: > 0 } email
            && fields.TryGetValue("round", out var round) && round.Count == 1 && RoundId.IsWellFormed(round[0])
            && fields.TryGetValue("feed", out var scope) && scope.Count == 1 && CalendarFeed.Parse(new RoundId(round[0]!), scope[0]) is { } feed
            && fields.TryGetValue("issued", out var issued) && issued.Count == 1
            && long.TryParse(issued[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? new FeedSubscription(email, feed, DateTimeOffset.FromUnixTimeSeconds(seconds))
            : null;
    }
}
