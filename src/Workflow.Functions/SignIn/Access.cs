using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.SignIn;

/// <summary>What the guard decided: the viewer to serve, or the answer that refuses the request.</summary>
public sealed record Admission(Viewer? Viewer, IResult? Refusal);

/// <summary>
/// The one guard every HTTP function behind sign-in calls first, before it reads the body or storage. API routes
/// (under <c>/api</c>) answer problem details: 401 signed out, 403 without the permission. Pages send a signed-out
/// person to <c>/signin</c> and come back, and show a refusal as a page.
/// <para>
/// Order matters for what a refusal tells: someone with no scope at all is refused before anything is looked up, so
/// they learn nothing of which systems exist; someone with a scope is told a system code is unknown (404), since
/// system codes are public and they already see some of them, and only then refused one that is not theirs (403).
/// </para>
/// </summary>
public sealed class Access(SignedIn signedIn, ReferenceData reference)
{
    /// <summary>Anyone signed in with a scope: reading rounds and the clock, and lists filtered by <see cref="May"/>.</summary>
    public Admission Require(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewer = signedIn.Read(request);
        return viewer is null ? Refused(SignedOut(request))
            : !viewer.HasScope ? Refused(Forbidden(request, viewer, "Your sign-in does not give you a region, a system or the national view here."))
            : new Admission(viewer, null);
    }

    /// <summary>The permission on one system of the directory, named by its code in the path.</summary>
    public Admission Require(HttpRequest request, Permission permission, string system)
    {
        var admission = Require(request);
        if (admission.Viewer is not { } viewer)
        {
            return admission;
        }
        if (!SystemCode.IsWellFormed(system) || !reference.Directory.TryGetSystem(new SystemCode(system), out var entry))
        {
            return Refused(NotFound(request));
        }
        return viewer.May(permission, entry)
            ? admission
            : Refused(Forbidden(request, viewer, permission == Permission.See
                ? $"You may not see {entry.Name}: it is not one of your systems."
                : $"You may not act on {entry.Name}: only its region's director and deputies and the national team may."));
    }

    /// <summary>
    /// A refusal when the viewer may not see <paramref name="region"/>, as a filter or address names it; null when they
    /// may. Showing an empty region instead would hide that the address was not theirs to open.
    /// </summary>
    public IResult? RefuseRegion(HttpRequest request, Viewer viewer, RegionCode region)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.MaySeeRegion(region) ? null
            : Forbidden(request, viewer, $"You may not see {reference.Directory.Region(region).Name}: it is not your region.");
    }

    /// <summary>Round-wide changes: a new round, starting one, its timetable, suspending or resuming it, the clock.</summary>
    public Admission RequireRoundChanges(HttpRequest request)
    {
        var admission = Require(request);
        return admission.Viewer is not { } viewer || viewer.MayChangeRounds
            ? admission
            : Refused(Forbidden(request, viewer, "Only the national team may change a round or the clock."));
    }

    /// <summary>Whether the viewer may do this on a system by its code; a code the directory does not list is nobody's.</summary>
    public bool May(Viewer viewer, Permission permission, SystemCode system)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return reference.Directory.TryGetSystem(system, out var entry) && viewer.May(permission, entry);
    }

    /// <summary>
    /// Where to come back to after signing in: a path on this service, or the start page. Anything else (another host,
    /// <c>//host</c>, a scheme, a backslash that browsers read as a slash) would send people off this site signed in.
    /// </summary>
    public static string LocalPath(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2000 } path && path[0] == '/'
            && (path.Length == 1 || path[1] is not ('/' or '\\'))
            && !path.Any(c => char.IsControl(c) || c == '\\')
            ? path
            : "/";

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Admission Refused(IResult refusal) => new(null, refusal);

    private static IResult SignedOut(HttpRequest request) => IsApi(request)
        ? Results.Problem(title: "Sign in first", detail: "This route is for people signed in to the planning round service.", statusCode: StatusCodes.Status401Unauthorized)
        : Results.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(LocalPath(request.Path + request.QueryString)));

    private static IResult Forbidden(HttpRequest request, Viewer viewer, string detail) => IsApi(request)
        ? Results.Problem(title: "Not yours to see or do", detail: detail, statusCode: StatusCodes.Status403Forbidden)
        : new RefusalPage(StatusCodes.Status403Forbidden, "You cannot use this page", detail, viewer.Name);

    private static IResult NotFound(HttpRequest request) => IsApi(request)
        ? Results.Problem(title: "Not found", detail: "There is no system by that code.", statusCode: StatusCodes.Status404NotFound)
        : new RefusalPage(StatusCodes.Status404NotFound, "Page not found", "There is no system by that code.", signedInName: null);
}
