using Microsoft.AspNetCore.DataProtection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Functions.Exports;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;
using Workflow.Notifications.Links;

namespace Workflow.Functions.Pages;

/// <summary>
/// The calendars page: every deadline feed of a round the person signed in may read (the national team every region and
/// system, a director their region and its systems, a PMO their system), each with a download and the person's own
/// subscription address for Outlook (<see cref="SubscribedCalendarFunctions"/> serves it).
/// </summary>
public sealed class CalendarsFunctions(
    RoundCatalog catalog, ReferenceData reference, Access access, IDataProtectionProvider protection, IOptions<SignedLinkOptions> links, PageRenderer pages)
{
    [Function("CalendarsPage")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{round}/calendars")] HttpRequest request, string round, CancellationToken cancellationToken)
    {
        var admission = access.Require(request);
        if (admission.Viewer is not { } viewer)
        {
            return admission.Refusal!;
        }
        if (await catalog.FindAsync(round, cancellationToken) is not { } stored)
        {
            return Html.NoRound(round);
        }
        // Real time, not the service's clock: when an address was made matters to people, not to a rehearsed round.
        var issued = TimeProvider.System.GetUtcNow();
        // Where people reach the service, as the links in e-mails say: behind a proxy the request's own host may not be.
        var site = links.Value.BaseUrl.TrimEnd('/');
        var view = CalendarsView.Of(stored.Round, viewer, reference.Directory,
            feed => $"{site}/feeds/{new FeedSubscription(viewer.Email, feed, issued).Protect(protection)}.ics");
        return await pages.PageAsync<Components.CalendarsPage>(new Dictionary<string, object?>
        {
            [nameof(Components.CalendarsPage.View)] = view,
            [nameof(Components.CalendarsPage.SignedIn)] = viewer.Name,
            [nameof(Components.CalendarsPage.Dashboard)] = $"/dashboard/{round}",
        });
    }
}
