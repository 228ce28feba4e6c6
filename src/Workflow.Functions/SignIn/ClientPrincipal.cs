using System.Text;
using System.Text.Json;

namespace Workflow.Functions.SignIn;

/// <summary>
/// Who App Service Authentication says is signed in: the base64 JSON of <c>X-MS-CLIENT-PRINCIPAL</c>, with the claims
/// that name the person and the claim types it says hold the name and the roles.
/// </summary>
public sealed record ClientPrincipal(string Name, string Email, IReadOnlyList<string> Roles)
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    private const int MaxHeaderLength = 16 * 1024;

    /// <summary>The principal in the header, or null when it is missing or not one the platform would send.</summary>
    public static ClientPrincipal? Read(string? header)
    {
        if (string.IsNullOrEmpty(header) || header.Length > MaxHeaderLength)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            var root = json.RootElement;
            var nameType = Text(root, "name_typ") ?? "name";
            var roleType = Text(root, "role_typ") ?? "roles";
            if (!root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var pairs = claims.EnumerateArray()
                .Where(c => c.ValueKind == JsonValueKind.Object)
                .Select(c => (Type: Text(c, "typ"), Value: Text(c, "val")))
                .Where(c => c.Type is not null && c.Value is not null)
                .ToList();
            string? Claim(params string[] types) => types.Select(t => pairs.FirstOrDefault(p => p.Type == t).Value).FirstOrDefault(v => v is not null);
            // Entra ID puts the sign-in address in preferred_username; older tokens and other issuers use the e-mail claims.
            var email = Claim("preferred_username", "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "upn");
            if (email is null)
            {
                return null;
            }
            var roles = pairs.Where(p => p.Type == roleType || p.Type == "roles").Select(p => p.Value!).Distinct(StringComparer.Ordinal).ToList();
            return new ClientPrincipal(Claim(nameType, "name") ?? email, email, roles);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The header a platform would send for this principal; the local host and tests sign people in with it.</summary>
    public string ToHeader()
    {
        var claims = new List<Dictionary<string, string>>
        {
            new() { ["typ"] = "name", ["val"] = Name },
            new() { ["typ"] = "preferred_username", ["val"] = Email },
        };
        claims.AddRange(Roles.Select(r => new Dictionary<string, string> { ["typ"] = "roles", ["val"] = r }));
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auth_typ"] = "aad",
            ["name_typ"] = "name",
            ["role_typ"] = "roles",
            ["claims"] = claims,
        });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
