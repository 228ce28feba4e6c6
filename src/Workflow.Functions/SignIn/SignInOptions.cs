namespace Workflow.Functions.SignIn;

public enum SignInMode
{
    /// <summary>Nobody is signed in: every page and route behind sign-in is refused.</summary>
    None,

    /// <summary>
    /// Behind App Service Authentication with Microsoft Entra ID: the platform signs people in and passes who they are in
    /// <c>X-MS-CLIENT-PRINCIPAL</c>, which it removes from what a client sends, so the header can be trusted.
    /// </summary>
    AppService,

    /// <summary>On a developer's machine: a person is picked from the directory. Never in Azure.</summary>
    Development,
}

public sealed class SignInOptions
{
    public const string Section = "SignIn";

    public SignInMode Mode { get; set; } = SignInMode.None;
}
