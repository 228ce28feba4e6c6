using System.Collections.Immutable;

namespace Workflow.Core.Instances;

public enum RenewalVerdict
{
    Allowed,

    /// <summary>A new link went to this person for this instance less than <see cref="LinkRenewal.Gap"/> ago.</summary>
    TooSoon,

    /// <summary><see cref="LinkRenewal.PerWindow"/> new links have gone to this person for this instance within <see cref="LinkRenewal.Window"/>.</summary>
    TooMany,
}

/// <summary>
/// How often a person may have a new link mailed from an expired link's page: at most three for one instance in any 24
/// hours, and at least five minutes apart. Only links sent count, so a wrong address typed costs the person nothing; the
/// limit is per person and instance, so whoever holds an old link cannot fill that person's inbox.
/// </summary>
public static class LinkRenewal
{
    public const int PerWindow = 3;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static readonly TimeSpan Gap = TimeSpan.FromMinutes(5);

    /// <summary>Whether one more new link may go at <paramref name="now"/>, given when the earlier ones went.</summary>
    public static RenewalVerdict Check(IEnumerable<DateTimeOffset> sent, DateTimeOffset now)
    {
        var recent = Recent(sent, now);
        // A time after now (a clock set back) counts as just now: the limit must not lapse because the clock moved.
        return recent.Any(at => now - at < Gap) ? RenewalVerdict.TooSoon
            : recent.Length >= PerWindow ? RenewalVerdict.TooMany
            : RenewalVerdict.Allowed;
    }

    /// <summary>The times worth keeping once a link goes at <paramref name="now"/>: the ones still in the window, and now.</summary>
    public static ImmutableArray<DateTimeOffset> After(IEnumerable<DateTimeOffset> sent, DateTimeOffset now) =>
        [.. Recent(sent, now), now];

    private static ImmutableArray<DateTimeOffset> Recent(IEnumerable<DateTimeOffset> sent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sent);
        return [.. sent.Where(at => now - at < Window).Order()];
    }
}
