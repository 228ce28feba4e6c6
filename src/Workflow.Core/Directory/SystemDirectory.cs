using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using Workflow.Core.Rounds;

namespace Workflow.Core.Directory;

public sealed record RegionEntry(RegionCode Code, string Name, string OrgCode);

public sealed record SystemEntry(SystemCode Code, string Name, RegionCode Region, string NhseName);

public enum ContactRole
{
    Pmo,
    RegionalDirector,
    DeputyDirector,
    National,
}

/// <summary>A person the service writes to. <see cref="Scope"/> is a system code, a region code or <c>national</c>.</summary>
public sealed record Contact(ContactRole Role, string Scope, string Name, string Email)
{
    /// <summary>The longest an e-mail address can be.</summary>
    public const int MaxEmailLength = 254;
}

/// <summary>The systems, regions and contacts of a round, read from the reference CSVs and a contacts file.</summary>
public sealed class SystemDirectory
{
    private readonly FrozenDictionary<SystemCode, SystemEntry> _systems;
    private readonly FrozenDictionary<RegionCode, RegionEntry> _regions;
    private readonly ILookup<(ContactRole, string), Contact> _contacts;

    private SystemDirectory(IEnumerable<RegionEntry> regions, IEnumerable<SystemEntry> systems, IEnumerable<Contact> contacts)
    {
        _regions = regions.ToFrozenDictionary(r => r.Code);
        _systems = systems.ToFrozenDictionary(s => s.Code);
        Contacts = [.. contacts];
        _contacts = Contacts.ToLookup(c => (c.Role, c.Scope));
        Systems = [.. _systems.Values.OrderBy(s => s.Code.Value, StringComparer.Ordinal)];
        Regions = [.. _regions.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    public ImmutableArray<SystemEntry> Systems { get; }

    public ImmutableArray<RegionEntry> Regions { get; }

    public ImmutableArray<Contact> Contacts { get; }

    /// <summary>The person whose address this is, as addresses are compared (without regard to case); null when none is.</summary>
    public Contact? FindContact(string email) => Contacts.FirstOrDefault(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase));

    public bool TryGetSystem(SystemCode code, out SystemEntry system) => _systems.TryGetValue(code, out system!);

    public RegionEntry Region(RegionCode code) => _regions[code];

    /// <summary>A region by its code or by its name without regard to case, as people filter lists; null when none is.</summary>
    public RegionEntry? FindRegion(string codeOrName) => Regions.FirstOrDefault(r =>
        r.Code.Value == codeOrName || string.Equals(r.Name, codeOrName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The deputies a region's director may hand decisions to.</summary>
    public IEnumerable<Contact> Deputies(RegionCode region) => _contacts[(ContactRole.DeputyDirector, region.Value)];

    /// <summary>The people who act in <paramref name="role"/> for a system; the peer's PMOs need the peer's code.</summary>
    public IEnumerable<Contact> Resolve(Role role, SystemCode system, SystemCode? peer = null)
    {
        var region = _systems[system].Region.Value;
        return role switch
        {
            Role.Pmo => _contacts[(ContactRole.Pmo, system.Value)],
            Role.PeerPmo => peer is { } p ? _contacts[(ContactRole.Pmo, p.Value)] : [],
            Role.RegionalDirector => _contacts[(ContactRole.RegionalDirector, region)],
            Role.National => _contacts[(ContactRole.National, "national")],
            _ => [],
        };
    }

    /// <summary>A directory from entries already checked, such as those read back from storage.</summary>
    public static SystemDirectory Create(IEnumerable<RegionEntry> regions, IEnumerable<SystemEntry> systems, IEnumerable<Contact> contacts) =>
        new(regions, systems, contacts);

    /// <summary>The same systems and regions with other contacts, as the directory's upkeep leaves them.</summary>
    public SystemDirectory WithContacts(IEnumerable<Contact> contacts) => new(_regions.Values, _systems.Values, contacts);

    public static Loaded<SystemDirectory> Parse(string regionsCsv, string systemsCsv, string contactsJson)
    {
        var problems = new List<Problem>();
        var regions = new List<RegionEntry>();
        foreach (var (line, row) in Csv.Read(regionsCsv))
        {
            var code = row.GetValueOrDefault("region_code", "");
            if (!RegionCode.IsWellFormed(code))
            {
                problems.Add(new Problem($"regions line {line}", $"'{code}' is not a region code (E40 and six digits)"));
            }
            else if (regions.Any(r => r.Code.Value == code))
            {
                problems.Add(new Problem($"regions line {line}", $"region {code} is listed twice"));
            }
            else
            {
                regions.Add(new RegionEntry(new RegionCode(code), Required(row, "region_name", $"regions line {line}", problems), row.GetValueOrDefault("nhs_org_code", "")));
            }
        }

        var systems = new List<SystemEntry>();
        foreach (var (line, row) in Csv.Read(systemsCsv))
        {
            var code = row.GetValueOrDefault("code", "");
            var region = row.GetValueOrDefault("region_code", "");
            var where = $"systems line {line}";
            if (!SystemCode.IsWellFormed(code))
            {
                problems.Add(new Problem(where, $"'{code}' is not a system code (E54 and six digits)"));
            }
            else if (systems.Any(s => s.Code.Value == code))
            {
                problems.Add(new Problem(where, $"system {code} is listed twice"));
            }
            else if (!regions.Any(r => r.Code.Value == region))
            {
                problems.Add(new Problem(where, $"system {code} is in region '{region}', which is not listed"));
            }
            else
            {
                systems.Add(new SystemEntry(new SystemCode(code), Required(row, "name", where, problems), new RegionCode(region), row.GetValueOrDefault("nhse_name", "")));
            }
        }

        var contacts = ReadContacts(contactsJson, regions, systems, problems);
        if (problems.Count == 0 && systems.Count == 0)
        {
            problems.Add(new Problem("systems", "no systems are listed"));
        }
        return problems.Count > 0
            ? Loaded.Failure<SystemDirectory>(problems)
            : Loaded.Success(new SystemDirectory(regions, systems, contacts), MissingContacts(regions, systems, contacts));
    }

    private static string Required(IReadOnlyDictionary<string, string> row, string column, string where, List<Problem> problems)
    {
        var value = row.GetValueOrDefault(column, "");
        if (value.Length == 0)
        {
            problems.Add(new Problem(where, $"{column} is empty"));
        }
        return value;
    }

    private static List<Contact> ReadContacts(string json, List<RegionEntry> regions, List<SystemEntry> systems, List<Problem> problems)
    {
        var contacts = new List<Contact>();
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = JsonObjectReader.For(document.RootElement, "$", problems);
            if (root is null)
            {
                return contacts;
            }
            root.String("note", required: false);
            foreach (var (item, path) in root.Array("contacts"))
            {
                var reader = JsonObjectReader.For(item, path, problems);
                if (reader is null)
                {
                    continue;
                }
                var roleName = reader.String("role");
                var scope = reader.String("scope");
                var name = reader.String("name");
                var email = reader.String("email");
                reader.RejectUnknown();
                var role = roleName is null ? null
                    : ContactRules.ParseRole(roleName) ?? Fail(reader, "role", $"unknown role '{roleName}'; known: pmo, regional-director, deputy-director, national");
                if (email is not null && !ContactRules.IsEmail(email))
                {
                    reader.Fail("email", $"'{email}' is not an e-mail address");
                    continue;
                }
                var scopeKnown = role switch
                {
                    ContactRole.Pmo => systems.Any(s => s.Code.Value == scope),
                    ContactRole.RegionalDirector or ContactRole.DeputyDirector => regions.Any(r => r.Code.Value == scope),
                    ContactRole.National => scope == "national",
                    _ => true,
                };
                if (scope is not null && !scopeKnown)
                {
                    reader.Fail("scope", $"'{scope}' is not a {roleName}'s scope (a listed system, a listed region, or national)");
                }
                else if (role is { } r && scope is not null && name is not null && email is not null)
                {
                    contacts.Add(new Contact(r, scope, name, email));
                }
            }
            root.RejectUnknown();
        }
        catch (JsonException ex)
        {
            problems.Add(new Problem("contacts " + JsonPaths.FromException(ex), "not valid JSON: " + ex.Message));
        }
        return contacts;

        static ContactRole? Fail(JsonObjectReader reader, string name, string message)
        {
            reader.Fail(name, message);
            return null;
        }
    }

    /// <summary>A system or region nobody can be written to for still loads, but the gap is worth saying.</summary>
    private static ImmutableArray<Problem> MissingContacts(List<RegionEntry> regions, List<SystemEntry> systems, List<Contact> contacts)
    {
        var warnings = ImmutableArray.CreateBuilder<Problem>();
        foreach (var system in systems.Where(s => !contacts.Any(c => c.Role == ContactRole.Pmo && c.Scope == s.Code.Value)))
        {
            warnings.Add(new Problem("contacts", $"system {system.Code} ({system.Name}) has no PMO contact"));
        }
        foreach (var region in regions.Where(r => !contacts.Any(c => c.Role == ContactRole.RegionalDirector && c.Scope == r.Code.Value)))
        {
            warnings.Add(new Problem("contacts", $"region {region.Code} ({region.Name}) has no regional director"));
        }
        if (!contacts.Any(c => c.Role == ContactRole.National))
        {
            warnings.Add(new Problem("contacts", "there is no national team contact"));
        }
        return warnings.ToImmutable();
    }
}
