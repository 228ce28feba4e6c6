using System.Collections.Immutable;
using Workflow.Core.Calendar;
using Workflow.Core.Directory;

namespace Workflow.Core.Access;

/// <summary>
/// The app roles a signed-in person can hold, as Microsoft Entra ID issues them. A role says what kind of user someone is;
/// the directory says which region or system they are for, so one role serves every region and system.
/// </summary>
public static class AppRoles
{
    public const string National = "Planning.National";
    public const string Regional = "Planning.Regional";
    public const string Pmo = "Planning.Pmo";

    /// <summary>
    /// The role an entry of the directory implies: what Entra ID should grant that person, and what a developer signing
    /// in as them locally is given.
    /// </summary>
    public static string Implied(ContactRole role) => role switch
    {
        ContactRole.National => National,
        ContactRole.RegionalDirector or ContactRole.DeputyDirector => Regional,
        _ => Pmo,
    };
}

/// <summary>What a signed-in person may do on the dashboard and the API.</summary>
public enum Permission
{
    /// <summary>See a system's status, timeline, documents and messages.</summary>
    See,

    /// <summary>Act on one system: extend, suspend, resume, withdraw, resend failed mail, re-issue a link.</summary>
    Act,

    /// <summary>Change who the contacts are.</summary>
    EditContacts,
}

/// <summary>
/// A person signed in, with the scopes their roles and the directory give them together: the national team sees and acts on
/// every system; a region's director or deputy on their region's systems; a system's PMO sees their own system and acts
/// only through the links they are sent. Someone whose role the directory does not back has no scope and sees nothing.
/// </summary>
public sealed record Viewer(string Name, string Email, bool IsNational, ImmutableHashSet<RegionCode> Regions, ImmutableHashSet<SystemCode> Systems)
{
    /// <summary>True when the person may see or do anything here at all.</summary>
    public bool HasScope => IsNational || !Regions.IsEmpty || !Systems.IsEmpty;

    /// <summary>Round-wide changes (timetable, suspension, a new round, the clock) are the national team's alone.</summary>
    public bool MayChangeRounds => IsNational;

    public bool May(Permission permission, SystemEntry system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return IsNational || permission switch
        {
            Permission.See => Regions.Contains(system.Region) || Systems.Contains(system.Code),
            Permission.Act or Permission.EditContacts => Regions.Contains(system.Region),
            _ => false,
        };
    }

    /// <summary>
    /// A system's PMOs, or a region's director and deputies, are changed by that region's director and deputies and by
    /// the national team; the national team's own contacts by the national team alone. A PMO changes none.
    /// </summary>
    public bool MayEditContacts(ContactScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return IsNational || (scope.Region is { } region && Regions.Contains(region));
    }

    /// <summary>A region's own view, and its deputies' contacts, are for its director and deputies and the national team.</summary>
    public bool MaySeeRegion(RegionCode region) => IsNational || Regions.Contains(region);

    /// <summary>
    /// Whether the viewer may read a deadline feed: a system's as they may see the system, a region's as they may see the
    /// region. A code the directory does not list is nobody's.
    /// </summary>
    public bool MayRead(CalendarFeed feed, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(directory);
        return feed.System is { } code
            ? directory.TryGetSystem(code, out var system) && May(Permission.See, system)
            : feed.Region is { } region && directory.Regions.Any(r => r.Code == region) && MaySeeRegion(region);
    }

    /// <summary>Every feed of <paramref name="round"/> the viewer may read: each region they may see, then each system, in the directory's order.</summary>
    public IEnumerable<CalendarFeed> Feeds(RoundId round, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return directory.Regions.Where(r => MaySeeRegion(r.Code)).Select(r => CalendarFeed.Of(round, r.Code))
            .Concat(directory.Systems.Where(s => May(Permission.See, s)).Select(s => CalendarFeed.Of(round, s.Code)));
    }

    /// <summary>
    /// The viewer a person is by the directory alone, for a request no sign-in comes with (a calendar program fetching a
    /// feed it subscribed to): each place the directory lists their address counts with the role it implies
    /// (<see cref="AppRoles.Implied"/>). Null when it lists them nowhere, so taken off the directory they lose it all,
    /// and moved to another region they lose the old one.
    /// </summary>
    public static Viewer? Listed(string email, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var entries = directory.Contacts.Where(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase)).ToList();
        return entries.Count == 0 ? null : For(entries[0].Name, email, entries.Select(c => AppRoles.Implied(c.Role)), directory);
    }

    /// <summary>
    /// The viewer for a person who signed in as <paramref name="email"/> with <paramref name="roles"/>. A regional role
    /// counts for the regions the directory lists the address as director or deputy of; a PMO role for its systems.
    /// </summary>
    public static Viewer For(string name, string email, IEnumerable<string> roles, SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(directory);
        var held = roles.ToHashSet(StringComparer.Ordinal);
        var listed = directory.Contacts.Where(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase)).ToList();
        var regions = held.Contains(AppRoles.Regional)
            ? listed.Where(c => c.Role is ContactRole.RegionalDirector or ContactRole.DeputyDirector).Select(c => new RegionCode(c.Scope)).ToImmutableHashSet()
            : [];
        var systems = held.Contains(AppRoles.Pmo)
            ? listed.Where(c => c.Role == ContactRole.Pmo).Select(c => new SystemCode(c.Scope)).ToImmutableHashSet()
            : [];
        return new Viewer(name, email, held.Contains(AppRoles.National), regions, systems);
    }
}
