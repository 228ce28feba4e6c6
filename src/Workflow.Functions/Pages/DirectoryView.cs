using System.Collections.Immutable;
using Workflow.Core.Access;
using Workflow.Core.Directory;

namespace Workflow.Functions.Pages;

/// <summary>One role's rows on the contacts form: the boxes are named <c>{Prefix}-{row}-name</c> and <c>-email</c>.</summary>
public sealed record ContactGroup(string Prefix, string Label, IReadOnlyList<(string Name, string Email)> Rows);

public sealed record DirectorySystemRow(SystemEntry System, ImmutableArray<Contact> Pmos, bool MayEdit);

public sealed record DirectoryRegionRow(RegionEntry Region, ImmutableArray<Contact> Directors, ImmutableArray<Contact> Deputies, bool MayEdit, IReadOnlyList<DirectorySystemRow> Systems);

/// <summary>
/// The directory as one person may see it: the national team every region and system, a region's director and deputies
/// their region, a PMO their own system; and the record of changes to what they may see.
/// </summary>
public sealed record DirectoryView(
    ImmutableArray<Contact> National, bool MayEditNational, bool MayImport, IReadOnlyList<DirectoryRegionRow> Regions, IReadOnlyList<ContactChange> Changes)
{
    /// <summary>The most recent changes shown; the rest stay recorded.</summary>
    public const int ChangesShown = 50;

    public static DirectoryView Of(SystemDirectory directory, Viewer viewer, IEnumerable<ContactChange> changes)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(viewer);
        ImmutableArray<Contact> Of(ContactRole role, string scope) => [.. directory.Contacts.Where(c => c.Role == role && c.Scope == scope).OrderBy(c => c.Name, StringComparer.Ordinal)];
        bool MayEdit(string code) => viewer.MayEditContacts(ContactRules.Scope(directory, code)!);
        var regions = directory.Regions
            .Select(r => new DirectoryRegionRow(
                r,
                Of(ContactRole.RegionalDirector, r.Code.Value),
                Of(ContactRole.DeputyDirector, r.Code.Value),
                MayEdit(r.Code.Value),
                [.. directory.Systems.Where(s => s.Region == r.Code && viewer.May(Permission.See, s)).Select(s => new DirectorySystemRow(s, Of(ContactRole.Pmo, s.Code.Value), MayEdit(s.Code.Value)))]))
            .Where(r => r.Systems.Count > 0)
            .ToList();
        bool Visible(string scope) => scope == ContactScope.National || viewer.IsNational
            || (ContactRules.Scope(directory, scope) is { Region: { } region } found
                && (viewer.MaySeeRegion(region) || (SystemCodeOf(found) is { } system && viewer.Systems.Contains(system))));
        var shown = changes
            .Select(c => c with { Changes = [.. c.Changes.Where(d => Visible(d.Scope))] })
            .Where(c => !c.Changes.IsEmpty)
            .Take(ChangesShown)
            .ToList();
        return new DirectoryView(Of(ContactRole.National, ContactScope.National), viewer.IsNational, viewer.IsNational, regions, shown);
    }

    public static string RoleWords(ContactRole role) => role switch
    {
        ContactRole.Pmo => "PMO",
        ContactRole.RegionalDirector => "Regional director",
        ContactRole.DeputyDirector => "Deputy director",
        _ => "National team",
    };

    private static Workflow.Core.SystemCode? SystemCodeOf(ContactScope scope) =>
        scope.Roles.Contains(ContactRole.Pmo) ? new Workflow.Core.SystemCode(scope.Code) : null;
}
