using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Azure.Functions.Worker;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Functions.Api;
using Workflow.Functions.Orchestration;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Storage.Journal;

namespace Workflow.Functions.Exports;

/// <summary>
/// Each system's and each region's deadlines as an iCalendar feed, for Outlook and other calendars. The entries come
/// from <see cref="Deadlines"/>: one event a milestone, under an identity that never changes and a sequence that goes up
/// each time its date moves, so a calendar that imported or subscribed to the feed moves the event it has rather than
/// adding a second. The feeds are read like the other read routes: a PMO their own system, a director their region,
/// the national team every one. Unlike the rest of the API they take no function key: the system page and the dashboard
/// link to them for a signed-in browser to download, and the sign-in guard is what decides who reads them.
/// </summary>
public sealed class CalendarFunctions(RoundCatalog catalog, RoundVersions versions, JournalStore journal, ReferenceData reference, Access access)
{
    private const string ContentType = "text/calendar";

    [Function("SystemCalendar")]
    public async Task<IResult> SystemAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{round}/systems/{system}/calendar.ics")] HttpRequest request,
        string round, string system, CancellationToken cancellationToken)
    {
        if (access.Require(request, Permission.See, system).Refusal is { } refused)
        {
            return refused;
        }
        if (await Http.UnknownRoundAsync(catalog, round, cancellationToken) is { } unknown)
        {
            return unknown;
        }
        reference.Directory.TryGetSystem(new SystemCode(system), out var entry);
        if (await EntriesAsync(new RoundId(round), entry, cancellationToken) is not { } entries)
        {
            return Http.NotFound($"There is no instance for system '{system}' in round '{round}'.");
        }
        return Feed($"Planning round {round}: {entry.Name}", entries);
    }

    [Function("RegionCalendar")]
    public async Task<IResult> RegionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{round}/regions/{region}/calendar.ics")] HttpRequest request,
        string round, string region, CancellationToken cancellationToken)
    {
        var (viewer, refused) = access.Require(request);
        if (refused is not null)
        {
            return refused;
        }
        if (!RegionCode.IsWellFormed(region))
        {
            return Http.BadRequest($"'{region}' is not a region code: region codes are E40 and six digits, such as E40000009.");
        }
        var code = new RegionCode(region);
        if (!reference.Directory.Regions.Any(r => r.Code == code))
        {
            return Http.NotFound($"There is no region '{region}' in the directory.");
        }
        if (access.RefuseRegion(request, viewer!, code) is { } notTheirs)
        {
            return notTheirs;
        }
        if (await Http.UnknownRoundAsync(catalog, round, cancellationToken) is { } unknown)
        {
            return unknown;
        }
        var entries = new List<DeadlineEntry>();
        foreach (var system in reference.Directory.Systems.Where(s => s.Region == code).OrderBy(s => s.Code.Value, StringComparer.Ordinal))
        {
            entries.AddRange(await EntriesAsync(new RoundId(round), system, cancellationToken) ?? []);
        }
        return Feed($"Planning round {round}: {reference.Directory.Region(code).Name}", entries);
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
