using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Functions.Pages;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.SignIn;

/// <summary>Signing in and out outside a developer's machine: handed to App Service, or not there at all.</summary>
public sealed class SignInModeTests
{
    private static SignInFunctions Functions(SignInMode mode)
    {
        var reference = TestData.FewSystemsReference;
        var services = new ServiceCollection().AddLogging().AddAntiforgery().AddSingleton<PageRenderer>().BuildServiceProvider();
        return new SignInFunctions(TestSignIn.Reader(reference, mode), new SignInCookie(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()),
            services.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>(), services.GetRequiredService<PageRenderer>(), reference);
    }

    private static HttpRequest Request(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    /// <summary>The status a result answers with, as it is written out.</summary>
    private static async Task<int> StatusAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddSingleton<PageRenderer>().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        return context.Response.StatusCode;
    }

    [Fact]
    public async Task SignInPage_AppService_RedirectsToEntraIdComingBackToALocalPathOnly()
    {
        var functions = Functions(SignInMode.AppService);

        var back = Assert.IsType<RedirectHttpResult>(await functions.ShowAsync(Request("?returnUrl=%2Fdashboard")));
        var offSite = Assert.IsType<RedirectHttpResult>(await functions.ShowAsync(Request("?returnUrl=%2F%2Fevil.example")));

        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fdashboard", back.Url);
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2F", offSite.Url);
    }

    [Fact]
    public async Task SignIn_AppService_NoSuchPage()
    {
        var result = await Functions(SignInMode.AppService).SignInAsync(Request(), CancellationToken.None);

        Assert.Equal(StatusCodes.Status404NotFound, await StatusAsync(result));
    }

    [Fact]
    public void SignOut_AppService_RedirectsToThePlatformsSignOut()
    {
        var result = Assert.IsType<RedirectHttpResult>(Functions(SignInMode.AppService).SignOut(Request()));

        Assert.StartsWith("/.auth/logout", result.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInAndOut_SignInOff_NoSuchPages()
    {
        var functions = Functions(SignInMode.None);

        Assert.Equal(StatusCodes.Status404NotFound, await StatusAsync(await functions.ShowAsync(Request())));
        Assert.Equal(StatusCodes.Status404NotFound, await StatusAsync(await functions.SignInAsync(Request(), CancellationToken.None)));
        Assert.Equal(StatusCodes.Status404NotFound, await StatusAsync(functions.SignOut(Request())));
    }

    [Fact]
    public void Read_AppService_TheDevelopmentCookieIsNotTaken()
    {
        var reference = TestData.FewSystemsReference;
        var protection = new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider();
        var cookie = new SignInCookie(protection);
        var written = new DefaultHttpContext();
        cookie.Write(written.Response, TestSignIn.National);
        var value = written.Response.Headers.SetCookie.ToString().Split(';')[0];
        var request = Request();
        request.Headers.Cookie = value;
        SignedIn Reader(SignInMode mode) => new(Microsoft.Extensions.Options.Options.Create(new SignInOptions { Mode = mode }), reference, cookie);

        Assert.NotNull(Reader(SignInMode.Development).Read(request));
        Assert.Null(Reader(SignInMode.AppService).Read(request));
        Assert.Null(Reader(SignInMode.None).Read(request));
        Assert.Contains("httponly", written.Response.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", written.Response.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
