using System.Globalization;
using Workflow.Core.Calendar;

namespace Workflow.Core.Directory;

/// <summary>A director's decisions handed to a deputy, from <see cref="From"/> until (not including) <see cref="To"/>.</summary>
public sealed record Delegation(RegionCode Region, string Deputy, string Director, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The longest a delegation runs: about three months, so one forgotten does not stand for good.</summary>
    public const int MaxDays = 92;

    public bool IsActiveAt(DateTimeOffset now) => From <= now && now < To;

    /// <summary>Only the regional director hands decisions on; a deputy cannot pass them further.</summary>
    public static bool MayGrant(Contact person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.Role == ContactRole.RegionalDirector;
    }

    /// <summary>
    /// The last day as yyyy-mm-dd and nothing else: a day written 02/01/2020 reads as 1 February in one country and
    /// 2 January in this one.
    /// </summary>
    public static bool TryParseLastDay(string? text, out DateOnly lastDay) =>
        DateOnly.TryParseExact((text ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out lastDay);

    /// <summary>
    /// A delegation from <paramref name="now"/> that ends as <paramref name="lastDay"/> does in the round's calendar,
    /// or null unless that end is after now and within <see cref="MaxDays"/> of it.
    /// </summary>
    public static Delegation? Grant(
        RegionCode region, string deputy, string director, DateOnly lastDay, DateTimeOffset now, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        // The day is bounded before it becomes a time, since the last date there is has no day after it.
        if (lastDay > DateOnly.FromDateTime(now.UtcDateTime).AddDays(MaxDays))
        {
            return null;
        }
        var to = calendar.ToInstant(lastDay.AddDays(1), TimeOnly.MinValue);
        return to > now && to <= now.AddDays(MaxDays) ? new Delegation(region, deputy, director, now, to) : null;
    }
}
