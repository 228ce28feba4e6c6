using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Functions.Api;
using Workflow.Functions.Orchestration;
using Workflow.LocalHost.Functions;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests;

/// <summary>
/// The service's one route table. In Azure the Functions host routes by the <c>functions.metadata</c> the Worker SDK
/// writes at build; locally the host maps the same functions from their attributes. Both must list the same functions
/// with the same triggers, routes and methods, or a link in an e-mail works on one and is dead on the other; and people
/// reach the pages with no function key, so those must be anonymous while the API is not.
/// </summary>
public sealed class FunctionsMetadataTests : IAsyncLifetime
{
    private static readonly string FunctionsFolder = Path.GetDirectoryName(typeof(PlanningActivities).Assembly.Location)!;

    private static readonly IReadOnlyList<Declared> Metadata = Declared.ReadAll(Path.Combine(FunctionsFolder, "functions.metadata"));

    private WebApplication _app = null!;

    public static TheoryData<string, string, string, string> Routed => new()
    {
        { "GET", "/api/health", "Health", "Anonymous" },
        { "GET", "/api/openapi.json", "OpenApiDocument", "Anonymous" },
        { "POST", "/api/mail/events", "MailEvents", "Anonymous" },
        { "GET", "/api/clock", "GetClock", "Function" },
        { "POST", "/api/clock", "AdvanceClock", "Function" },
        { "GET", "/api/rounds", "ListRounds", "Function" },
        { "POST", "/api/rounds", "AddRound", "Function" },
        { "GET", "/api/rounds/2019-20/status", "RoundStatus", "Function" },
        { "GET", "/api/rounds/2019-20/undelivered", "UndeliveredMessages", "Function" },
        { "GET", "/api/rounds/2019-20/forecast", "RoundForecast", "Function" },
        { "GET", "/api/rounds/2019-20/audit.csv", "RoundAudit", "Function" },
        { "GET", "/api/instances/2019-20/E54000005/audit.csv", "InstanceAudit", "Function" },
        { "POST", "/api/rounds/2019-20/start", "StartRound", "Function" },
        { "POST", "/api/rounds/2019-20/systems/E54000005/submission", "RecordSystemEvent", "Function" },
        { "PUT", "/api/rounds/2019-20/timetable", "ChangeTimetable", "Function" },
        { "GET", "/api/instances", "ListInstances", "Function" },
        { "GET", "/api/instances/2019-20/E54000005", "GetInstance", "Function" },
        { "POST", "/api/instances/2019-20/E54000005/suspend", "ControlInstance", "Function" },
        { "POST", "/api/instances/2019-20/E54000005/raiseEvent/decision", "RaiseEvent", "Function" },
        // People follow links from e-mail with no function key: the signed link is their authorisation.
        { "GET", "/links/payload.signature", "ShowLink", "Anonymous" },
        { "POST", "/links/payload.signature", "ActOnLink", "Anonymous" },
        { "POST", "/links/payload.signature/delegate", "DelegateFromLink", "Anonymous" },
        { "GET", "/links/payload.signature/document/1", "LinkDocument", "Anonymous" },
        { "GET", "/assets/nhsuk-frontend.min.css", "Asset", "Anonymous" },
        { "GET", "/mail", "SentMail", "Anonymous" },
        // Signing in cannot itself ask for a sign-in or a key; what it offers depends on SignIn:Mode.
        { "GET", "/signin", "SignInPage", "Anonymous" },
        { "POST", "/signin", "SignIn", "Anonymous" },
        { "GET", "/signout", "SignOut", "Anonymous" },
        // Help must be reachable by someone who cannot sign in: that is when they need it.
        { "GET", "/help/accessibility", "HelpAccessibility", "Anonymous" },
        { "GET", "/help/privacy", "HelpPrivacy", "Anonymous" },
        { "GET", "/help/contact", "HelpContact", "Anonymous" },
        // The dashboard's pages ask for a sign-in, not a key.
        { "GET", "/dashboard/2019-20/systems/E54000005", "SystemPage", "Anonymous" },
        { "GET", "/dashboard/2019-20/forecast", "ForecastPage", "Anonymous" },
        { "POST", "/dashboard/2019-20/systems/E54000005/extend", "SystemPageAction", "Anonymous" },
        { "GET", "/mail/20190627T080000-0000000000000000.json", "SentMessage", "Anonymous" },
    };

    private FunctionTable Table => _app.Services.GetRequiredService<FunctionTable>();

    public Task InitializeAsync()
    {
        // Built as the local host builds itself, never started: its table and endpoints are all these tests read.
        _app = LocalHostProgram.Build(["--urls", "http://127.0.0.1:0"]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Metadata_WrittenForTheFunctionsApp()
    {
        Assert.NotEmpty(Metadata);
        Assert.All(Metadata, f => Assert.Equal("Workflow.Functions.dll", f.ScriptFile));
    }

    [Fact]
    public void Table_SameFunctionsAsTheMetadata_EachWithItsTriggerAndEntryPoint()
    {
        Assert.Equal(
            Metadata.Select(f => $"{f.Name} {f.Trigger} {f.EntryPoint}").Order(StringComparer.Ordinal),
            Table.Functions.Select(f => $"{f.Name} {f.Trigger} {f.EntryPoint}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Table_HttpFunctions_SameRoutesAndMethodsAsTheMetadata()
    {
        Assert.Equal(
            Metadata.Where(f => f.Trigger == FunctionTrigger.Http).Select(f => $"{f.Name} {string.Join(",", f.Methods)} {f.Route}").Order(StringComparer.Ordinal),
            Table.WithTrigger(FunctionTrigger.Http).Select(f => $"{f.Name} {string.Join(",", f.HttpMethods.Order(StringComparer.Ordinal))} {f.Route}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Endpoints_OnePerHttpFunction_AtItsRouteUnderHostJsonsPrefix()
    {
        var prefix = JsonNode.Parse(RepositoryFiles.Read("host.json"))!["extensions"]!["http"]!["routePrefix"]!.GetValue<string>();
        var endpoints = ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();

        Assert.Equal(prefix, Table.RoutePrefix);
        Assert.Equal(
            Metadata.Where(f => f.Trigger == FunctionTrigger.Http).Select(f => $"{f.Name} {string.Join(",", f.Methods)} /{Join(prefix, f.Route!)}").Order(StringComparer.Ordinal),
            endpoints.Select(e => $"{e.DisplayName} {string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Order(StringComparer.Ordinal))} {e.RoutePattern.RawText}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AuthLevel_PagesAssetsMailHealthApiDescriptionMailEventsAndCalendarsAnonymous_TheApiFunctionLevel()
    {
        var http = Metadata.Where(f => f.Trigger == FunctionTrigger.Http).ToList();

        // SendGrid cannot hold a function key (its posts are signed instead), and the calendar feeds are downloaded from
        // the pages by a signed-in browser, which holds none either.
        Assert.All(http, f => Assert.Equal(
            f.Name is "Health" or "OpenApiDocument" or "MailEvents" or "SystemCalendar" or "RegionCalendar" || !f.Route!.StartsWith("api/", StringComparison.Ordinal) ? "Anonymous" : "Function",
            f.AuthLevel));
        Assert.All(Table.WithTrigger(FunctionTrigger.Http), f => Assert.Equal(
            http.Single(m => m.Name == f.Name).AuthLevel,
            f.Method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!.AuthLevel.ToString()));
    }

    [Theory]
    [MemberData(nameof(Routed))]
    public void Path_PeopleOrTheApiUse_RoutedInAzureByOneFunctionWithItsAuthorisation(string method, string path, string name, string authLevel)
    {
        var prefix = JsonNode.Parse(RepositoryFiles.Read("host.json"))!["extensions"]!["http"]!["routePrefix"]!.GetValue<string>();

        var routing = Assert.Single(Metadata, f => f.Routes(method, path, prefix));

        Assert.Equal((name, authLevel), (routing.Name, routing.AuthLevel));
    }

    [Fact]
    public void ApiDescription_EveryOperationRoutedToAnApiFunction_EveryApiFunctionDescribed()
    {
        var prefix = JsonNode.Parse(RepositoryFiles.Read("host.json"))!["extensions"]!["http"]!["routePrefix"]!.GetValue<string>();
        var routedTo = ApiDescription.Operations.Select(o =>
        {
            var method = o.Method.ToUpperInvariant();
            var path = string.Join('/', o.Path.Split('/').Select(s => s switch { "{round}" => "2019-20", "{system}" => "E54000005", _ => s }));
            // As the host routes: a literal segment wins over a parameter, so the route with fewest parameters.
            var routing = Metadata.Where(f => f.Routes(method, path, prefix)).GroupBy(f => f.Route!.Count(c => c == '{')).MinBy(g => g.Key)?.ToList() ?? [];
            Assert.True(routing.Count == 1, $"{method} {o.Path} is routed by {routing.Count} functions");
            Assert.StartsWith("api/", routing[0].Route, StringComparison.Ordinal);
            return $"{routing[0].Name} {method}";
        }).ToHashSet(StringComparer.Ordinal);

        var api = Metadata.Where(f => f.Trigger == FunctionTrigger.Http && f.Route!.StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(f => f.Methods.Select(m => $"{f.Name} {m}"));
        var undescribed = api.Where(f => !routedTo.Contains(f)).ToList();
        Assert.True(undescribed.Count == 0, $"Not in the OpenAPI document: {string.Join(", ", undescribed)}");
    }

    private static string Join(string prefix, string route) => prefix.Length == 0 ? route : route.Length == 0 ? prefix : $"{prefix}/{route}";

    /// <summary>A function as <c>functions.metadata</c> declares it to the Functions host.</summary>
    private sealed record Declared(string Name, string ScriptFile, string EntryPoint, FunctionTrigger? Trigger, string? Route, IReadOnlyList<string> Methods, string? AuthLevel)
    {
        public static IReadOnlyList<Declared> ReadAll(string path)
        {
            Assert.True(File.Exists(path), $"The Worker SDK writes {path} when it builds Workflow.Functions.");
            return [.. JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(f =>
            {
                var trigger = f!["bindings"]!.AsArray().Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!;
                return new Declared(
                    f["name"]!.GetValue<string>(),
                    f["scriptFile"]!.GetValue<string>(),
                    f["entryPoint"]!.GetValue<string>(),
                    trigger["type"]!.GetValue<string>() switch
                    {
                        "httpTrigger" => FunctionTrigger.Http,
                        "orchestrationTrigger" => FunctionTrigger.Orchestration,
                        "activityTrigger" => FunctionTrigger.Activity,
                        _ => null,
                    },
                    trigger["route"]?.GetValue<string>(),
                    [.. (trigger["methods"]?.AsArray() ?? []).Select(m => m!.GetValue<string>().ToUpperInvariant()).Order(StringComparer.Ordinal)],
                    trigger["authLevel"]?.GetValue<string>());
            })];
        }

        /// <summary>Whether the Functions host would send this request here: the method, and the path by the route template.</summary>
        public bool Routes(string method, string path, string prefix)
        {
            if (Trigger != FunctionTrigger.Http || !Methods.Contains(method))
            {
                return false;
            }
            var template = TemplateParser.Parse(Join(prefix, Route!));
            var values = new RouteValueDictionary();
            return new TemplateMatcher(template, new RouteValueDictionary()).TryMatch(new PathString(path), values)
                && template.Parameters.All(p => p.InlineConstraints.All(c => c.Constraint != "int" || int.TryParse(values[p.Name!]?.ToString(), out _)));
        }
    }
}
