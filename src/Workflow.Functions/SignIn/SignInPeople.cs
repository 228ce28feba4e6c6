using Workflow.Core.Access;
using Workflow.Core.Directory;

namespace Workflow.Functions.SignIn;

/// <summary>One person the local sign-in page offers, with what they are in the directory.</summary>
public sealed record SignInPerson(string Name, string Email, string Role);

/// <summary>People under one heading of the sign-in page.</summary>
public sealed record SignInGroup(string Heading, IReadOnlyList<SignInPerson> People);

/// <summary>The directory's people as a developer picks one to sign in as, and the principal that person gets.</summary>
public static class SignInPeople
{
    /// <summary>The national team; then each region's director and deputies; then each region's PMOs by system.</summary>
    public static IReadOnlyList<SignInGroup> Groups(SystemDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var groups = new List<SignInGroup>
        {
            new("National team", [.. directory.Contacts.Where(c => c.Role == ContactRole.National).Select(c => new SignInPerson(c.Name, c.Email, "National team"))]),
        };
        foreach (var region in directory.Regions)
        {
            groups.Add(new($"{region.Name}: director and deputies", [.. directory.Contacts
                .Where(c => c.Scope == region.Code.Value && c.Role is ContactRole.RegionalDirector or ContactRole.DeputyDirector)
                .OrderBy(c => c.Role)
                .Select(c => new SignInPerson(c.Name, c.Email, c.Role == ContactRole.RegionalDirector ? "Regional director" : "Deputy director"))]));
        }
        foreach (var region in directory.Regions)
        {
            var systems = directory.Systems.Where(s => s.Region == region.Code).ToDictionary(s => s.Code.Value, s => s.Name, StringComparer.Ordinal);
            groups.Add(new($"{region.Name}: PMOs", [.. directory.Contacts
                .Where(c => c.Role == ContactRole.Pmo && systems.ContainsKey(c.Scope))
                .OrderBy(c => systems[c.Scope], StringComparer.Ordinal)
                .Select(c => new SignInPerson(c.Name, c.Email, $"PMO, {systems[c.Scope]}"))]));
        }
        return [.. groups.Where(g => g.People.Count > 0)];
    }

    /// <summary>
    /// The principal for the directory's person at this address, with the app roles their entries imply, as Entra ID
    /// would issue them; null for an address the directory does not list.
    /// </summary>
    public static ClientPrincipal? Principal(SystemDirectory directory, string? email)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (string.IsNullOrWhiteSpace(email) || directory.FindContact(email) is not { } person)
        {
            return null;
        }
        var roles = directory.Contacts
            .Where(c => string.Equals(c.Email, person.Email, StringComparison.OrdinalIgnoreCase))
            .Select(c => AppRoles.Implied(c.Role))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ClientPrincipal(person.Name, person.Email, roles);
    }
}
