using Microsoft.Extensions.Options;
using Workflow.Core.Access;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.SignIn;

/// <summary>Who made a request, as a <see cref="Viewer"/> the access rules can judge; null when nobody is signed in.</summary>
public sealed class SignedIn(IOptions<SignInOptions> options, ReferenceData reference, SignInCookie cookie)
{
    public SignInMode Mode => options.Value.Mode;

    public Viewer? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var principal = Mode switch
        {
            SignInMode.AppService => ClientPrincipal.Read(request.Headers[ClientPrincipal.Header]),
            // Locally the header stands in for the platform (tests and scripts send it); a browser has the sign-in page's cookie.
            SignInMode.Development => ClientPrincipal.Read(request.Headers[ClientPrincipal.Header]) ?? cookie.Read(request),
            _ => null,
        };
        return principal is null ? null : Viewer.For(principal.Name, principal.Email, principal.Roles, reference.Directory);
    }
}
