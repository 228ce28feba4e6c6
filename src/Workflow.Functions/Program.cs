using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Workflow.Functions;
using Workflow.Functions.Api;
using Workflow.Functions.CustomHandler;
using Workflow.Functions.Local;
using Workflow.Functions.Pages;
using Workflow.Functions.Durable;

// Content (the round files, the data, the styles) sits beside the executable, under dotnet run and in Azure alike.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// Under the Functions host the handler must listen on loopback at the port the host chose.
var hostPort = ServiceRegistration.FunctionsHostPort;
if (hostPort is not null)
{
    builder.WebHost.UseUrls($"http://127.0.0.1:{hostPort}");
}

// Without a host, the service fires its own triggers, unless told not to (tests drive them directly).
builder.Services.AddWorkflow(builder.Configuration, localTriggers: hostPort is null && builder.Configuration.GetValue("Workflow:LocalTriggers", true));

var app = builder.Build();
await app.Services.GetRequiredService<Startup>().RunAsync(app.Lifetime.ApplicationStopping);

// The Functions host (and App Service's front end before it) reach the handler from loopback and say whom they
// forward for; the address people act from is kept in the audit of their decisions. Only loopback is trusted.
app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
// An error people meet on a page is a page; the API's callers get problem details.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = _ => StatusCodes.Status500InternalServerError,
    ExceptionHandler = async context =>
    {
        if (!context.Request.Path.StartsWithSegments("/links") && !context.Request.Path.StartsWithSegments("/mail"))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context });
            return;
        }
        await Html.Problem(StatusCodes.Status500InternalServerError, "Sorry, something went wrong",
            "The service could not finish this just now. If you sent something, it may or may not have been recorded.",
            "Open the link from the e-mail again in a few minutes: the page will show what was recorded.").ExecuteAsync(context);
    },
});
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseAntiforgery();
app.MapGet("/", () => Results.Ok(new { service = "planning-round workflow" }));
app.MapTriggerApi();
app.MapHealthApi();
app.MapRoundsApi();
app.MapInstancesApi();
app.MapClockApi();
app.MapLinkPages();
app.MapMailPages();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var clock = app.Services.GetRequiredService<TimeProvider>();
    Log.Listening(app.Services.GetRequiredService<ILogger<Startup>>(), hostPort is null ? "a local service" : "a Functions custom handler",
        string.Join(", ", app.Urls), clock is VirtualClock ? $"at {clock.GetUtcNow():u}" : "off (real time)");
});

app.Run();

/// <summary>Visible to the tests' web application factory.</summary>
public partial class Program;
