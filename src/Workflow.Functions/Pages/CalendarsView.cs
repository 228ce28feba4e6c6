using System.Collections.Immutable;
using Workflow.Core.Access;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;
using Workflow.Core.Rounds;

namespace Workflow.Functions.Pages;

/// <summary>
/// One feed on the calendars page: what it holds, the signed-in download, and the person's own subscription address
/// (null when the directory does not list them with sight of it, so an address would be refused the moment it was used).
/// </summary>
public sealed record CalendarChoice(CalendarFeed Feed, string Name, string Download, string? Subscribe);

/// <summary>A region's feeds on the page: the whole region's first, when the person may read it, then its systems'.</summary>
public sealed record CalendarRegion(RegionEntry Region, ImmutableArray<CalendarChoice> Feeds);

/// <summary>Every feed of a round the person signed in may read, region by region.</summary>
public sealed record CalendarsView(Round Round, ImmutableArray<CalendarRegion> Regions)
{
    /// <summary>Whether any feed has a subscription address: none do for someone the directory does not list.</summary>
    public bool Subscribable => Regions.Any(r => r.Feeds.Any(f => f.Subscribe is not null));

    /// <param name="address">The subscription address of a feed for the person signed in.</param>
    public static CalendarsView Of(Round round, Viewer viewer, SystemDirectory directory, Func<CalendarFeed, string> address)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(address);
        // The address is served to whoever holds it only as the directory judges the person, so it is offered only
        // where that judgement and the sign-in agree.
        var listed = Viewer.Listed(viewer.Email, directory);
        var readable = viewer.Feeds(round.Id, directory).ToHashSet();
        CalendarChoice? Choice(CalendarFeed feed, string name, string download) => !readable.Contains(feed) ? null
            : new(feed, name, download, listed?.MayRead(feed, directory) == true ? address(feed) : null);
        return new CalendarsView(round, [.. directory.Regions
            .Select(region => new CalendarRegion(region, [.. new[]
                {
                    Choice(CalendarFeed.Of(round.Id, region.Code), $"Every system in {region.Name}", $"/api/rounds/{round.Id}/regions/{region.Code.Value}/calendar.ics"),
                }
                .Concat(directory.Systems.Where(s => s.Region == region.Code)
                    .Select(s => Choice(CalendarFeed.Of(round.Id, s.Code), s.Name, $"/api/rounds/{round.Id}/systems/{s.Code.Value}/calendar.ics")))
                .OfType<CalendarChoice>()]))
            .Where(r => r.Feeds.Length > 0)]);
    }
}
