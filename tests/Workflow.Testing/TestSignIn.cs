using System.Net.Http.Headers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflow.Core.Access;
using Workflow.Functions.Rounds;
using Workflow.Functions.SignIn;

namespace Workflow.Testing;

/// <summary>
/// Who the tests' HTTP clients are signed in as, by the header App Service Authentication sends: the national team's
/// lead unless a test says otherwise, so tests of what the service does need not each sign in.
/// </summary>
public static class TestSignIn
{
    /// <summary>In every directory the tests load (the demo contacts), and on the national team.</summary>
    public static ClientPrincipal National { get; } = new("Nadia Fox", "planning.lead@example.org", [AppRoles.National]);

    /// <summary>The sign-in mode the tests' hosts run in: the local one, which takes the header and offers the sign-in page.</summary>
    public const string Mode = nameof(SignInMode.Development);

    /// <summary>Signs every request of this client in as <paramref name="principal"/> (the national team when null).</summary>
    public static HttpClient SignedIn(this HttpClient client, ClientPrincipal? principal = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.SignIn(principal);
        return client;
    }

    public static void SignIn(this HttpRequestHeaders headers, ClientPrincipal? principal = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Remove(ClientPrincipal.Header);
        headers.Add(ClientPrincipal.Header, (principal ?? National).ToHeader());
    }

    /// <summary>A request built by hand, as a function is called with it, signed in.</summary>
    public static HttpRequest SignedIn(this HttpRequest request, ClientPrincipal? principal = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers[ClientPrincipal.Header] = (principal ?? National).ToHeader();
        return request;
    }

    /// <summary>Who is signed in, as a function built by hand reads it, in <paramref name="mode"/>.</summary>
    public static SignedIn Reader(ReferenceData reference, SignInMode mode = SignInMode.AppService) =>
        new(Options.Create(new SignInOptions { Mode = mode }), reference, new SignInCookie(new EphemeralDataProtectionProvider()));

    /// <summary>The guard, as a function built by hand is given it.</summary>
    public static Access Access(ReferenceData reference, SignInMode mode = SignInMode.AppService) => new(Reader(reference, mode), reference);
}
