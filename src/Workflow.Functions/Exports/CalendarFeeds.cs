using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Workflow.Core;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Storage.Journal;

namespace Workflow.Functions.Exports;

/// <summary>
/// Writes a deadline feed as an iCalendar file, whoever asked for it and however: the signed-in routes and the
/// subscription addresses give the same bytes for the same feed, so a calendar that moves from one to the other keeps
/// its events. The entries come from <see cref="Deadlines"/>: one event a milestone, under an identity that never
/// changes and a sequence that goes up each time its date moves, so a calendar that imported or subscribed to the feed
/// moves the event it has rather than adding a second.
/// </summary>
public sealed class CalendarFeeds(RoundVersions versions, JournalStore journal, ReferenceData reference)
{
    private const string ContentType = "text/calendar";

    /// <summary>
    /// The feed as the answer to a request; null for a system's when the system has no instance in the round. The
    /// feed's system or region must be in the directory.
    /// </summary>
    public async Task<IResult?> AnswerAsync(CalendarFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var directory = reference.Directory;
        if (feed.System is { } code)
        {
            directory.TryGetSystem(code, out var system);
            return await EntriesAsync(feed.Round, system, cancellationToken) is { } own
                ? Feed($"Planning round {feed.Round}: {system.Name}", own)
                : null;
        }
        var region = feed.Region!.Value;
        var entries = new List<DeadlineEntry>();
        foreach (var system in directory.Systems.Where(s => s.Region == region).OrderBy(s => s.Code.Value, StringComparer.Ordinal))
        {
            entries.AddRange(await EntriesAsync(feed.Round, system, cancellationToken) ?? []);
        }
        return Feed($"Planning round {feed.Round}: {directory.Region(region).Name}", entries);
    }

    /// <summary>The system's entries from its journal, or null when it has no instance in the round.</summary>
    private async Task<IReadOnlyList<DeadlineEntry>?> EntriesAsync(RoundId round, SystemEntry system, CancellationToken cancellationToken)
    {
        var history = await journal.ReadAsync(new InstanceId(round, system.Code), cancellationToken);
        if (history.Count == 0)
        {
            return null;
        }
        // Each version the instance followed is read once, before the replay, which then needs no I/O.
        var followed = new Dictionary<int, Round>();
        foreach (var version in history.Where(e => e.Refusal is null).Select(e => e.Event switch
        {
            InstanceStarted started => started.RoundVersion,
            TimetableChanged changed => changed.RoundVersion,
            _ => 0,
        }).Where(v => v > 0).Distinct())
        {
            followed[version] = await versions.GetAsync(round, version, cancellationToken);
        }
        return Deadlines.Of(round, system, history, version => followed[version]);
    }

    /// <summary>
    /// The feed: each entry at its due time in England, under the zone's own rules so calendars abroad show it at the
    /// right hour; a deadline takes no time, so it leaves the day free. Nothing in it depends on when it is read.
    /// </summary>
    private IResult Feed(string name, IReadOnlyList<DeadlineEntry> entries)
    {
        var zone = reference.Calendar.TimeZone.Id;
        var calendar = new Ical.Net.Calendar { ProductId = "-//Planning round service//Deadlines//EN" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", zone);
        // Outlook and others read these as how often to fetch a subscribed feed again.
        calendar.AddProperty("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        if (entries.Count > 0)
        {
            calendar.AddTimeZone(zone, entries.Min(e => e.Local).AddYears(-1), includeHistoricalData: false);
        }
        foreach (var entry in entries)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = entry.Uid,
                Sequence = entry.Sequence,
                DtStamp = new CalDateTime(entry.Stamp.UtcDateTime),
                LastModified = new CalDateTime(entry.Stamp.UtcDateTime),
                Start = new CalDateTime(entry.Local, zone),
                Summary = entry.Summary,
                Description = entry.Description,
                Status = entry.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
                Transparency = TransparencyType.Transparent,
            });
        }
        return Results.Text(new CalendarSerializer().SerializeToString(calendar), ContentType, Encoding.UTF8);
    }
}
