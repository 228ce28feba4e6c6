using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Workflow.Core.Directory;

/// <summary>Where a proposed contact came from, so each problem points at the box or the cell to correct.</summary>
public abstract record ContactSource
{
    public abstract string At(string column);
}

/// <summary>A line of an imported contacts file.</summary>
public sealed record CsvLine(int Line) : ContactSource
{
    public override string At(string column) => $"line {Line}, column {column}";
}

/// <summary>A row of the contacts form, whose boxes are named <c>{Prefix}-name</c> and <c>{Prefix}-email</c>.</summary>
public sealed record FormRow(string Prefix) : ContactSource
{
    public override string At(string column) => $"{Prefix}-{column}";
}

/// <summary>A contact as someone typed it, not yet checked.</summary>
public sealed record ProposedContact(string Role, string Scope, string Name, string Email, ContactSource Source);

/// <summary>
/// What a contact's scope is: a system (its PMOs), a region (its director and deputies) or the national team, with the
/// region it belongs to, which decides who may change it.
/// </summary>
public sealed record ContactScope(string Code, string Name, RegionCode? Region, ImmutableArray<ContactRole> Roles)
{
    public const string National = "national";
}

/// <summary>
/// The rules for changing the directory's contacts, by a form for one scope or by a whole file: every problem is listed,
/// and a change with any is not applied, so no system is left without a PMO nor a region without a director.
/// </summary>
public static partial class ContactRules
{
    /// <summary>The longest a name can be.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The columns of a contacts file, in the order an export writes them.</summary>
    public static readonly ImmutableArray<string> Columns = ["role", "scope", "name", "email"];

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    public static bool IsEmail(string text) => text.Length <= Contact.MaxEmailLength && EmailPattern().IsMatch(text);

    public static string RoleName(ContactRole role) => role switch
    {
        ContactRole.Pmo => "pmo",
        ContactRole.RegionalDirector => "regional-director",
        ContactRole.DeputyDirector => "deputy-director",
        _ => "national",
    };

    public static ContactRole? ParseRole(string? name) => name switch
    {
        "pmo" => ContactRole.Pmo,
        "regional-director" => ContactRole.RegionalDirector,
        "deputy-director" => ContactRole.DeputyDirector,
        "national" => ContactRole.National,
        _ => null,
    };

    /// <summary>The scope a code names, or null when the directory lists no such system or region.</summary>
    public static ContactScope? Scope(SystemDirectory directory, string code)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (code == ContactScope.National)
        {
            return new ContactScope(code, "National team", null, [ContactRole.National]);
        }
        if (SystemCode.IsWellFormed(code) && directory.TryGetSystem(new SystemCode(code), out var system))
        {
            return new ContactScope(code, system.Name, system.Region, [ContactRole.Pmo]);
        }
        return directory.Regions.FirstOrDefault(r => r.Code.Value == code) is { } region
            ? new ContactScope(code, region.Name, region.Code, [ContactRole.RegionalDirector, ContactRole.DeputyDirector])
            : null;
    }

    /// <summary>Every scope of the directory: the national team, each region, each system.</summary>
    public static IEnumerable<ContactScope> Scopes(SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return new[] { ContactScope.National }.Concat(directory.Regions.Select(r => r.Code.Value)).Concat(directory.Systems.Select(s => s.Code.Value))
            .Select(code => Scope(directory, code)!);
    }

    /// <summary>
    /// The directory's contacts with those of <paramref name="scopes"/> replaced by <paramref name="proposed"/>, or every
    /// problem with them. <paramref name="missingAt"/> says where to point when a scope would be left without a role it needs.
    /// </summary>
    public static Loaded<IReadOnlyList<Contact>> Replace(
        SystemDirectory directory, IReadOnlyCollection<ContactScope> scopes, IEnumerable<ProposedContact> proposed, Func<ContactRole, string> missingAt)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(missingAt);
        var problems = new List<Problem>();
        var replaced = scopes.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var added = new List<(Contact Contact, ContactSource Source)>();
        foreach (var entry in proposed)
        {
            var at = entry.Source;
            var ok = true;
            var role = ParseRole(entry.Role);
            if (role is null)
            {
                problems.Add(new Problem(at.At("role"), $"'{entry.Role}' is not a role; the roles are pmo, regional-director, deputy-director and national"));
                ok = false;
            }
            else if (Scope(directory, entry.Scope) is not { } scope || !scope.Roles.Contains(role.Value))
            {
                problems.Add(new Problem(at.At("scope"), role switch
                {
                    ContactRole.Pmo => $"'{entry.Scope}' is not a system code of the directory",
                    ContactRole.National => $"a national contact's scope is 'national', not '{entry.Scope}'",
                    _ => $"'{entry.Scope}' is not a region code of the directory",
                }));
                ok = false;
            }
            else if (!replaced.Contains(entry.Scope))
            {
                problems.Add(new Problem(at.At("scope"), $"{scope.Name}'s contacts are not the ones being changed here"));
                ok = false;
            }
            var name = entry.Name.Trim();
            if (name.Length == 0)
            {
                problems.Add(new Problem(at.At("name"), "Enter the person's name"));
                ok = false;
            }
            else if (name.Length > MaxNameLength)
            {
                problems.Add(new Problem(at.At("name"), $"The name must be {MaxNameLength} characters or fewer"));
                ok = false;
            }
            else if (name[0] is '=' or '+' or '-' or '@')
            {
                // A spreadsheet opening the exported file would run such a name as a formula.
                problems.Add(new Problem(at.At("name"), "The name cannot start with =, +, - or @"));
                ok = false;
            }
            var email = entry.Email.Trim();
            if (email.Length == 0)
            {
                problems.Add(new Problem(at.At("email"), "Enter the person's e-mail address"));
                ok = false;
            }
            else if (!IsEmail(email))
            {
                problems.Add(new Problem(at.At("email"), $"'{email}' is not an e-mail address, like name@nhs.net"));
                ok = false;
            }
            else if (role is { } r && added.FirstOrDefault(a => a.Contact.Role == r && a.Contact.Scope == entry.Scope
                && string.Equals(a.Contact.Email, email, StringComparison.OrdinalIgnoreCase)) is { Contact: not null } earlier)
            {
                problems.Add(new Problem(at.At("email"), $"{email} is listed twice as {RoleName(r)} of {entry.Scope} (also at {earlier.Source.At("email")})"));
                ok = false;
            }
            if (ok)
            {
                added.Add((new Contact(role!.Value, entry.Scope, name, email), at));
            }
        }
        var contacts = directory.Contacts.Where(c => !replaced.Contains(c.Scope)).Concat(added.Select(a => a.Contact)).ToList();
        foreach (var scope in scopes)
        {
            var needed = scope.Roles.Contains(ContactRole.Pmo) ? ContactRole.Pmo
                : scope.Roles.Contains(ContactRole.RegionalDirector) ? ContactRole.RegionalDirector
                : ContactRole.National;
            // Only a gap the change makes is refused: one in the shipped directory would otherwise block every change.
            if (!contacts.Any(c => c.Role == needed && c.Scope == scope.Code)
                && directory.Contacts.Any(c => c.Role == needed && c.Scope == scope.Code))
            {
                problems.Add(new Problem(missingAt(needed), needed switch
                {
                    ContactRole.Pmo => $"{scope.Name} ({scope.Code}) would have no PMO",
                    ContactRole.RegionalDirector => $"{scope.Name} ({scope.Code}) would have no regional director",
                    _ => "the national team would have no contact",
                }));
            }
        }
        return problems.Count > 0 ? Loaded.Failure<IReadOnlyList<Contact>>(problems) : Loaded.Success<IReadOnlyList<Contact>>(contacts, []);
    }
}
