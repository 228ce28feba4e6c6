using System.Collections.Immutable;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;

namespace Workflow.Functions.Pages;

/// <summary>One system's messages in one week of the forecast, in the order they would go.</summary>
public sealed record ForecastSystemWeek(SystemEntry System, ImmutableArray<Command> Sends);

/// <summary>A week of the forecast, from its Monday (in England), and every system that would send something in it.</summary>
public sealed record ForecastWeek(DateOnly Monday, ImmutableArray<ForecastSystemWeek> Systems);

/// <summary>
/// What the forecast page shows, worked out before rendering: the query, the horizon actually used, how many systems
/// would be told they are late or escalated, the national plan's prospects, and every message week by week.
/// </summary>
public sealed record ForecastView(
    Round Round,
    ForecastQuery Query,
    RoundForecast Forecast,
    ImmutableArray<RegionEntry> RegionChoices,
    ImmutableDictionary<SystemCode, SystemEntry> Entries,
    int Systems,
    int Overdue,
    int EscalatedToRegion,
    int EscalatedToNational,
    ImmutableArray<ForecastWeek> Weeks)
{
    /// <summary>Whether the round ends before the horizon asked for, so the forecast stops sooner.</summary>
    public bool Clamped => Forecast.Until < Forecast.From + Query.Horizon;

    /// <param name="systems">The systems forecast, from the directory.</param>
    public static ForecastView Of(Round round, ForecastQuery query, RoundForecast forecast, IEnumerable<SystemEntry> systems, IEnumerable<RegionEntry> regionChoices)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(forecast);
        var entries = systems.ToImmutableDictionary(s => s.Code);
        var sending = forecast.Systems.Select(s => (System: entries[s.Instance.System], s.Sends)).ToList();
        int Sending(MessageKind kind) => forecast.Systems.Count(s => s.Sends.Any(c => c.Kind == kind));
        var weeks = sending
            .SelectMany(s => s.Sends.Select(c => (s.System, Command: c, Monday: Monday(round.Calendar.LocalDate(c.At)))))
            .GroupBy(x => x.Monday)
            .OrderBy(w => w.Key)
            .Select(w => new ForecastWeek(w.Key, [.. w
                .GroupBy(x => x.System)
                .OrderBy(g => g.Min(x => x.Command.At))
                .ThenBy(g => g.Key.Name, StringComparer.Ordinal)
                .Select(g => new ForecastSystemWeek(g.Key, [.. g.Select(x => x.Command).OrderBy(c => c.At)]))]))
            .ToImmutableArray();
        return new ForecastView(
            round, query, forecast, [.. regionChoices], entries, forecast.Systems.Length,
            Sending(MessageKind.Overdue), Sending(MessageKind.EscalationToRegion), Sending(MessageKind.EscalationToNational), weeks);
    }

    private static DateOnly Monday(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
