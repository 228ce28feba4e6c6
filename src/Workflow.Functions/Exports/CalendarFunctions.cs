using Microsoft.Azure.Functions.Worker;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Calendar;
using Workflow.Functions.Api;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;

namespace Workflow.Functions.Exports;

/// <summary>
/// Each system's and each region's deadlines as an iCalendar feed (<see cref="CalendarFeeds"/>), for a signed-in
/// browser to download. The feeds are read like the other read routes: a PMO their own system, a director their region,
/// the national team every one. Unlike the rest of the API they take no function key: the system page and the dashboard
/// link to them, and the sign-in guard is what decides who reads them. A calendar program subscribes through a
/// personal address instead (<see cref="SubscribedCalendarFunctions"/>), since it cannot sign in.
/// </summary>
public sealed class CalendarFunctions(RoundCatalog catalog, CalendarFeeds feeds, ReferenceData reference, Access access)
{
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
        return await feeds.AnswerAsync(CalendarFeed.Of(new RoundId(round), new SystemCode(system)), cancellationToken)
            ?? Http.NotFound($"There is no instance for system '{system}' in round '{round}'.");
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
        // A region's feed is always written, empty when none of its systems has an instance yet.
        return (await feeds.AnswerAsync(CalendarFeed.Of(new RoundId(round), code), cancellationToken))!;
    }
}
