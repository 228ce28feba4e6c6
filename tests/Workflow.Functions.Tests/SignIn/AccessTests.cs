using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Core.Access;
using Workflow.Functions.Pages;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.SignIn;

/// <summary>The guard as pages meet it: a redirect to sign in that comes back here only, and a refusal that is a page.</summary>
public sealed class AccessTests
{
    private static readonly Access Guard = TestSignIn.Access(TestData.FewSystemsReference);

    private static readonly ClientPrincipal OtherRegion = new("Grace Okafor", "director.north-west@example.org", [AppRoles.Regional]);

    private static HttpRequest Request(string path, string query = "")
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<PageRenderer>().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    [Fact]
    public void Require_SignedOutOnAPage_RedirectsToSignInToComeBackToThePage()
    {
        var admission = Guard.Require(Request("/dashboard/regions/E40000009", "?stage=drafting"));

        Assert.Null(admission.Viewer);
        var redirect = Assert.IsType<RedirectHttpResult>(admission.Refusal);
        Assert.Equal("/signin?returnUrl=%2Fdashboard%2Fregions%2FE40000009%3Fstage%3Ddrafting", redirect.Url);
    }

    [Fact]
    public void Require_SignedOutOnTheApi_UnauthorizedProblem()
    {
        var admission = Guard.Require(Request("/api/rounds"));

        Assert.Equal(StatusCodes.Status401Unauthorized, Assert.IsType<ProblemHttpResult>(admission.Refusal).StatusCode);
    }

    [Fact]
    public async Task Require_AnotherRegionsSystemOnAPage_ForbiddenAsAnNhsPageNamingThePerson()
    {
        var request = Request("/dashboard/systems/E54000005").SignedIn(OtherRegion);

        var admission = Guard.Require(request, Permission.See, TestData.System);
        await admission.Refusal!.ExecuteAsync(request.HttpContext);

        Assert.Equal(StatusCodes.Status403Forbidden, request.HttpContext.Response.StatusCode);
        Assert.Equal("DENY", request.HttpContext.Response.Headers.XFrameOptions);
        request.HttpContext.Response.Body.Position = 0;
        var html = await new StreamReader(request.HttpContext.Response.Body).ReadToEndAsync();
        Assert.Contains("nhsuk-header", html, StringComparison.Ordinal);
        Assert.Contains("You cannot use this page", html, StringComparison.Ordinal);
        Assert.Contains("Grace Okafor", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_TheSystemsRegionalDirector_AdmittedWithTheirViewer()
    {
        var admission = Guard.Require(Request("/api/instances/2019-20/E54000005").SignedIn(
            new ClientPrincipal("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional])), Permission.Act, TestData.System);

        Assert.Null(admission.Refusal);
        Assert.Equal("Ruth Clarke", admission.Viewer!.Name);
    }

    [Theory]
    [InlineData("/dashboard?x=1", "/dashboard?x=1")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/a\\b", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("dashboard", "/")]
    [InlineData("/a\r\nSet-Cookie: a=b", "/")]
    public void LocalPath_OnlyAPathOnThisSite(string? returnUrl, string expected)
    {
        Assert.Equal(expected, Access.LocalPath(returnUrl));
    }
}
