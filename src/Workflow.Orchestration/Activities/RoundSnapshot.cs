using System.Collections.Concurrent;
using System.Collections.Immutable;
using Workflow.Core;
using Workflow.Core.Calendar;
using Workflow.Core.Rounds;

namespace Workflow.Orchestration.Activities;

/// <summary>Which stored version of a round to load.</summary>
public sealed record RoundRequest(RoundId Round, int Version);

/// <summary>
/// One stored version of a round with the calendar it was read against: everything the state machine needs to know
/// about the round, carried in the orchestration's input so an iteration reads no storage.
/// </summary>
public sealed record RoundSnapshot(int Version, string Json, ImmutableArray<DateOnly> BankHolidays, int FirstYear, int LastYear)
{
    public static RoundSnapshot Of(int version, string json, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new(version, json, [.. calendar.BankHolidays.Order()], calendar.FirstYear, calendar.LastYear);
    }

    // Every replay of every iteration reads its round again; parsing is pure, so a round read once serves them all.
    private static readonly ConcurrentDictionary<string, Round> Parsed = new(StringComparer.Ordinal);
    private const int MaxParsed = 64;

    /// <summary>The round as the state machine reads it: the same snapshot always gives the same round.</summary>
    public Round ToRound()
    {
        var key = $"{FirstYear}/{LastYear}/{string.Join(',', BankHolidays.Select(d => d.DayNumber))}/{Json}";
        if (Parsed.TryGetValue(key, out var round))
        {
            return round;
        }
        round = RoundParser.Parse(Json, new WorkingCalendar(BankHolidays, WorkingCalendar.London, FirstYear, LastYear))
            .GetValueOrThrow($"version {Version} of the round");
        if (Parsed.Count >= MaxParsed)
        {
            Parsed.Clear();
        }
        return Parsed.GetOrAdd(key, round);
    }
}
