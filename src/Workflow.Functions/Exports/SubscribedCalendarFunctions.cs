using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Azure.Functions.Worker;
using Workflow.Core.Access;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Exports;

/// <summary>
/// A deadline feed at a personal subscription address, for a calendar program that cannot sign in (Outlook's
/// "Subscribe from web"): the address's <see cref="FeedSubscription"/> names the person and the feed, and the feed is
/// served, as the signed-in routes serve it, only while the directory still gives that person sight of it. The
/// calendars page hands the addresses out. Every refusal is short plain text, which a calendar program shows as it is,
/// and none says more than that the address does not work: no person, system or region is named.
/// </summary>
public sealed class SubscribedCalendarFunctions(IDataProtectionProvider protection, RoundCatalog catalog, CalendarFeeds feeds, ReferenceData reference)
{
    [Function("SubscribedCalendar")]
    public async Task<IResult> FeedAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "feeds/{subscription}.ics")] HttpRequest request,
        string subscription, CancellationToken cancellationToken)
    {
        // Forged, edited, cut short or made for another purpose: as if there were nothing here.
        if (FeedSubscription.Read(protection, subscription) is not { } read)
        {
            return Refused(StatusCodes.Status404NotFound, "There is no calendar at this address.");
        }
        var directory = reference.Directory;
        if (Viewer.Listed(read.Person, directory) is not { } person)
        {
            return Refused(StatusCodes.Status410Gone,
                "This calendar address no longer works: the person it was made for is no longer in the planning round's directory.");
        }
        if (!person.MayRead(read.Feed, directory))
        {
            return Refused(StatusCodes.Status403Forbidden,
                "This calendar address no longer works: the person it was made for can no longer see these deadlines. Sign in to the planning round service to get the addresses you may use now.");
        }
        // Only the calendars page makes an address, and only for a stored round, which is never removed.
        if (await catalog.GetAsync(read.Feed.Round, cancellationToken: cancellationToken) is null
            || await feeds.AnswerAsync(read.Feed, cancellationToken) is not { } feed)
        {
            return Refused(StatusCodes.Status404NotFound, "There is no calendar at this address yet.");
        }
        return feed;
    }

    private static IResult Refused(int status, string text) => Results.Text(text + "\n", "text/plain", Encoding.UTF8, status);
}
