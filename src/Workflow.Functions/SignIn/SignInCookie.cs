using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Workflow.Functions.SignIn;

/// <summary>
/// Who a developer signed in as on the local sign-in page: the principal App Service would have sent, protected with
/// Data Protection so that a browser can hold it but neither read nor change it.
/// </summary>
public sealed class SignInCookie(IDataProtectionProvider protection)
{
    public const string Name = "planning-signin";

    /// <summary>A working day; the page is a click away when it runs out.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Workflow.SignIn.Development").ToTimeLimitedDataProtector();

    public void Write(HttpResponse response, ClientPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(principal);
        // Real time, not the service's clock: a virtual clock rehearsing a round in 2019 must not expire a sign-in today.
        var value = _protector.Protect(principal.ToHeader(), TimeProvider.System.GetUtcNow() + Lifetime);
        response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
    }

    /// <summary>The principal the cookie holds; null when there is none, or it is expired, forged or from another key.</summary>
    public ClientPrincipal? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies[Name] is not { Length: > 0 } value)
        {
            return null;
        }
        try
        {
            return ClientPrincipal.Read(_protector.Unprotect(value));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static void Clear(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(Name, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax });
    }
}
