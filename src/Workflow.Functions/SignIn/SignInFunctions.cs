using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Azure.Functions.Worker;
using Workflow.Functions.Pages;
using Workflow.Functions.Pages.Components;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.SignIn;

/// <summary>
/// Signing in and out. Behind App Service Authentication these hand over to the platform's own routes; on a developer's
/// machine (<c>SignIn:Mode=Development</c>) a page lists the directory's people to sign in as, which no other mode offers;
/// with sign-in off they do not exist.
/// </summary>
public sealed class SignInFunctions(SignedIn signedIn, SignInCookie cookie, IAntiforgery antiforgery, PageRenderer pages, ReferenceData reference)
{
    private const string ReturnField = "returnUrl";
    private const string EmailField = "email";

    private static readonly FormSource Forms = new("the form on the sign-in page", "you are not signed in", "Open the sign-in page again and choose someone.");

    [Function("SignInPage")]
    public async Task<IResult> ShowAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signin")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var returnUrl = Access.LocalPath(request.Query[ReturnField]);
        switch (signedIn.Mode)
        {
            case SignInMode.AppService:
                return Results.Redirect("/.auth/login/aad?post_login_redirect_uri=" + Uri.EscapeDataString(returnUrl));
            case SignInMode.Development:
                var tokens = antiforgery.GetAndStoreTokens(request.HttpContext);
                return await pages.PageAsync<SignInPage>(new Dictionary<string, object?>
                {
                    [nameof(SignInPage.Groups)] = SignInPeople.Groups(reference.Directory),
                    [nameof(SignInPage.TokenField)] = tokens.FormFieldName,
                    [nameof(SignInPage.Token)] = tokens.RequestToken ?? "",
                    [nameof(SignInPage.ReturnUrl)] = returnUrl,
                    [nameof(SignInPage.SignedIn)] = signedIn.Read(request)?.Name,
                });
            default:
                return NoSuchPage();
        }
    }

    /// <summary>Signs in as the person chosen on the page, with the roles their directory entries imply, and goes back.</summary>
    [Function("SignIn")]
    public async Task<IResult> SignInAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signin")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (signedIn.Mode != SignInMode.Development)
        {
            return NoSuchPage();
        }
        var (form, unusable) = await PostedForm.ReadAsync(request, antiforgery, Forms, cancellationToken);
        if (form is null)
        {
            return unusable!;
        }
        if (SignInPeople.Principal(reference.Directory, form[EmailField]) is not { } principal)
        {
            return Html.Problem(StatusCodes.Status400BadRequest, "There is no such person",
                "Only people in the directory can sign in here.", "Open the sign-in page again and choose someone from the list.");
        }
        cookie.Write(request.HttpContext.Response, principal);
        // Browsers follow a 302 after a POST with a GET, so a refresh does not post the form again.
        return Results.Redirect(Access.LocalPath(form[ReturnField]));
    }

    [Function("SignOut")]
    public IResult SignOut([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signout")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (signedIn.Mode)
        {
            case SignInMode.AppService:
                return Results.Redirect("/.auth/logout?post_logout_redirect_uri=%2F");
            case SignInMode.Development:
                SignInCookie.Clear(request.HttpContext.Response);
                return Results.Redirect("/signin");
            default:
                return NoSuchPage();
        }
    }

    private static IResult NoSuchPage() =>
        Html.Problem(StatusCodes.Status404NotFound, "Page not found", "There is no such page here.", "Use the link in your e-mail.");
}
