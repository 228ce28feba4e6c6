using Microsoft.Extensions.Options;
using Workflow.Core.Access;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.SignIn;

/// <summary>Who made a request, as a <see cref="Viewer"/> the access rules can judge; null when nobody is signed in.</summary>
public sealed class SignedIn(IOptions<SignInOptions> options, ReferenceData reference)
{
    public Viewer? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.Value.Mode == SignInMode.None)
        {
            return null;
        }
        return ClientPrincipal.Read(request.Headers[ClientPrincipal.Header]) is { } principal
            ? Viewer.For(principal.Name, principal.Email, principal.Roles, reference.Directory)
            : null;
    }
}
