using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Workflow.Core.Access;
using Workflow.Functions.SignIn;
using Workflow.Functions.Tests.Support;
using Workflow.LocalHost.Functions;
using Workflow.Testing;

namespace Workflow.Functions.Tests.SignIn;

/// <summary>A host in mid-round (drafting), for requests by people of every kind.</summary>
public sealed class MidRoundAccessHost(AzuriteFixture azurite) : IAsyncLifetime
{
    internal TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Every route of the function table, tried by everyone who might call it: the national team, the system's regional
/// director and deputy, another region's director, the system's PMO, someone whose role the directory does not back,
/// and nobody. Those it refuses get 401 or 403 and change nothing; the rest get past sign-in.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RouteAccessTests(MidRoundAccessHost fixture) : IClassFixture<MidRoundAccessHost>
{
    private const string Round = TestData.Round;
    private const string System = TestData.System;
    private const string Instance = $"/api/instances/{Round}/{System}";

    private TestHost Host => fixture.Host;

    /// <summary>What a route asks of the person calling it.</summary>
    public enum Need
    {
        /// <summary>Nothing: the same answer whoever calls, signed in or not.</summary>
        Nobody,

        /// <summary>Signed in with any scope.</summary>
        Scope,

        /// <summary><see cref="Permission.See"/> on <see cref="TestData.System"/>.</summary>
        See,

        /// <summary><see cref="Permission.Act"/> on <see cref="TestData.System"/>.</summary>
        Act,

        /// <summary><see cref="Viewer.MayChangeRounds"/>.</summary>
        Rounds,
    }

    /// <summary>One request to a route, with a body that would change something were it let through.</summary>
    public sealed record Row(Need Need, string Method, string Path, string? Json = null, string? Form = null);

    private static string Changed => TestData.ChangedRound(2, ("final", "2019-11-22T17:00"));

    /// <summary>One row for every HTTP function; a new function without a row fails <see cref="Table_HasARowForEveryHttpFunction"/>.</summary>
    private static readonly Dictionary<string, Row> Rows = new(StringComparer.Ordinal)
    {
        ["Health"] = new(Need.Nobody, "GET", "/api/health"),
        ["OpenApiDocument"] = new(Need.Nobody, "GET", "/api/openapi.json"),
        // SendGrid signs its posts and cannot sign in: the signature is the authorisation, checked alike for everyone.
        ["MailEvents"] = new(Need.Nobody, "POST", "/api/mail/events", """[{"event":"bounce","sg_event_id":"x","email":"pmo.e54000005@example.org"}]"""),
        ["DashboardHome"] = new(Need.Scope, "GET", "/dashboard"),
        ["Dashboard"] = new(Need.Scope, "GET", $"/dashboard/{TestData.Round}"),
        ["DirectoryPage"] = new(Need.Scope, "GET", "/dashboard/directory"),
        ["DirectoryEditPage"] = new(Need.Act, "GET", $"/dashboard/directory/{System}"),
        ["DirectoryEdit"] = new(Need.Act, "POST", $"/dashboard/directory/{System}", Form: "pmo-0-name=Someone&pmo-0-email=someone@example.org&version=1&key=route-table"),
        ["DirectoryExport"] = new(Need.Rounds, "GET", "/dashboard/directory.csv"),
        ["DirectoryImport"] = new(Need.Rounds, "POST", "/dashboard/directory", Form: "version=1&key=route-table"),
        ["CalendarsPage"] = new(Need.Scope, "GET", $"/dashboard/{TestData.Round}/calendars"),
        ["TimetablePage"] = new(Need.Rounds, "GET", $"/dashboard/{TestData.Round}/timetable"),
        ["TimetableChange"] = new(Need.Rounds, "POST", $"/dashboard/{TestData.Round}/timetable", Form: "action=preview&key=route-table"),
        // The forecast shows each person the systems they may see, as the dashboard does.
        ["ForecastPage"] = new(Need.Scope, "GET", $"/dashboard/{TestData.Round}/forecast"),
        ["SystemPage"] = new(Need.See, "GET", $"/dashboard/{Round}/systems/{System}"),
        ["SystemPageAction"] = new(Need.Act, "POST", $"/dashboard/{Round}/systems/{System}/suspend", Form: "suspend-reason=checking&key=route-table"),
        ["SystemPageLink"] = new(Need.Act, "POST", $"/dashboard/{Round}/systems/{System}/links/reissue", Form: "person=pmo.e54000005@example.org&link-reason=lost&key=route-table"),
        // A filter naming the system's region: another region's director and the PMO are refused it as the dashboard refuses them.
        ["ActOnManyPage"] = new(Need.Act, "GET", $"/dashboard/{Round}/act?region={TestData.NorthEastAndYorkshire}"),
        ["ActOnMany"] = new(Need.Act, "POST", $"/dashboard/{Round}/act/suspend?region={TestData.NorthEastAndYorkshire}", Form: "suspend-reason=checking&key=route-table"),
        ["Asset"] = new(Need.Nobody, "GET", "/assets/nhsuk-frontend.min.css"),
        ["ShowLink"] = new(Need.Nobody, "GET", "/links/payload.signature"),
        ["ActOnLink"] = new(Need.Nobody, "POST", "/links/payload.signature", Form: "outcome=agreed"),
        ["DelegateFromLink"] = new(Need.Nobody, "POST", "/links/payload.signature/delegate", Form: "deputy=x"),
        ["LinkDocument"] = new(Need.Nobody, "GET", "/links/payload.signature/document/1"),
        ["RenewLink"] = new(Need.Nobody, "POST", "/links/payload.signature/renew", Form: "x=y"),
        // A calendar program cannot sign in: the subscription address is the authorisation, as a link's token is.
        ["SubscribedCalendar"] = new(Need.Nobody, "GET", "/feeds/payload.ics"),
        ["SentMail"] = new(Need.Nobody, "GET", "/mail"),
        ["SentMessage"] = new(Need.Nobody, "GET", "/mail/20190627T080000-0000000000000000.json"),
        ["SignInPage"] = new(Need.Nobody, "GET", "/signin"),
        ["SignIn"] = new(Need.Nobody, "POST", "/signin", Form: "email=planning.lead%40example.org"),
        ["SignOut"] = new(Need.Nobody, "GET", "/signout"),
        ["HelpAccessibility"] = new(Need.Nobody, "GET", "/help/accessibility"),
        ["HelpPrivacy"] = new(Need.Nobody, "GET", "/help/privacy"),
        ["HelpContact"] = new(Need.Nobody, "GET", "/help/contact"),
        ["GetClock"] = new(Need.Scope, "GET", "/api/clock"),
        ["ListRounds"] = new(Need.Scope, "GET", "/api/rounds"),
        ["GetRound"] = new(Need.Scope, "GET", $"/api/rounds/{Round}"),
        ["RoundStatus"] = new(Need.Scope, "GET", $"/api/rounds/{Round}/status"),
        ["RoundForecast"] = new(Need.Scope, "GET", $"/api/rounds/{Round}/forecast?weeks=1"),
        ["UndeliveredMessages"] = new(Need.Scope, "GET", $"/api/rounds/{Round}/undelivered"),
        ["SystemCalendar"] = new(Need.See, "GET", $"/api/rounds/{Round}/systems/{System}/calendar.ics"),
        // The region's feed is for those who hold the region: its director and deputies and the national team, as acting is.
        ["RegionCalendar"] = new(Need.Act, "GET", $"/api/rounds/{Round}/regions/{TestData.NorthEastAndYorkshire}/calendar.ics"),
        ["RoundAudit"] = new(Need.Scope, "GET", $"/api/rounds/{Round}/audit.csv"),
        ["InstanceAudit"] = new(Need.See, "GET", $"{Instance}/audit.csv"),
        ["ListInstances"] = new(Need.Scope, "GET", "/api/instances"),
        ["GetInstance"] = new(Need.See, "GET", Instance),
        ["RaiseEvent"] = new(Need.Act, "POST", $"{Instance}/raiseEvent/submission", """{"milestone":"draft","by":"pmo@example.org"}"""),
        ["RecordSystemEvent"] = new(Need.Act, "POST", $"/api/rounds/{Round}/systems/{System}/submission", """{"milestone":"draft","by":"pmo@example.org"}"""),
        ["ControlInstance"] = new(Need.Act, "POST", $"{Instance}/suspend", """{"by":"someone@example.org","reason":"checking"}"""),
        ["ReissueLink"] = new(Need.Act, "POST", $"{Instance}/links", """{"person":"pmo.e54000005@example.org","by":"someone@example.org","reason":"lost it"}"""),
        ["ListLinkRequests"] = new(Need.Act, "GET", $"{Instance}/link-requests"),
        ["AdvanceClock"] = new(Need.Rounds, "POST", "/api/clock", """{"advanceTo":"2019-10-01T09:00:00+01:00"}"""),
        ["AddRound"] = new(Need.Rounds, "POST", "/api/rounds", Changed),
        ["StartRound"] = new(Need.Rounds, "POST", $"/api/rounds/{Round}/start"),
        ["ChangeTimetable"] = new(Need.Rounds, "PUT", $"/api/rounds/{Round}/timetable", Changed),
        ["PreviewTimetable"] = new(Need.Rounds, "POST", $"/api/rounds/{Round}/timetable/preview", Changed),
        ["SuspendRound"] = new(Need.Rounds, "POST", $"/api/rounds/{Round}/suspend", """{"by":"someone@example.org","reason":"an election"}"""),
        ["PreviewResumption"] = new(Need.Rounds, "POST", $"/api/rounds/{Round}/resume/preview", """{"by":"someone@example.org"}"""),
        ["ResumeRound"] = new(Need.Rounds, "POST", $"/api/rounds/{Round}/resume", """{"by":"someone@example.org"}"""),
    };

    /// <summary>Who tries each route, and what they may do on <see cref="TestData.System"/> (North East and Yorkshire).</summary>
    private static readonly (string Who, ClientPrincipal? Principal, Need[] Allowed)[] People =
    [
        ("the national team", TestSignIn.National, [Need.Scope, Need.See, Need.Act, Need.Rounds]),
        ("the region's director", new("Ruth Clarke", "director.north-east-and-yorkshire@example.org", [AppRoles.Regional]), [Need.Scope, Need.See, Need.Act]),
        ("the region's deputy", new("Dev Fox", "deputy.north-east-and-yorkshire@example.org", [AppRoles.Regional]), [Need.Scope, Need.See, Need.Act]),
        ("another region's director", new("Grace Okafor", "director.north-west@example.org", [AppRoles.Regional]), [Need.Scope]),
        ("the system's PMO", new("Alex Okafor", "pmo.e54000005@example.org", [AppRoles.Pmo]), [Need.Scope, Need.See]),
        ("a regional role the directory does not back", new("Pat Doe", "pat.doe@example.org", [AppRoles.Regional]), []),
        ("nobody signed in", null, []),
    ];

    [Fact]
    public void Table_HasARowForEveryHttpFunction()
    {
        var table = FunctionTable.Discover("", typeof(Workflow.Functions.Api.InstancesFunctions).Assembly);

        var http = table.WithTrigger(FunctionTrigger.Http).ToList();

        Assert.Equal(http.Select(f => f.Name).Order(StringComparer.Ordinal), Rows.Keys.Order(StringComparer.Ordinal));
        Assert.All(http, f => Assert.Contains(Rows[f.Name].Method, f.HttpMethods, StringComparer.OrdinalIgnoreCase));
        // A guarded route is either the API, refused with problem details, or the dashboard's pages, refused as pages.
        Assert.All(table.WithTrigger(FunctionTrigger.Http).Where(f => Rows[f.Name].Need != Need.Nobody),
            f => Assert.True(f.Route is { } route && (route.StartsWith("api/", StringComparison.Ordinal) || IsPage(route)), f.Route));
    }

    [Fact]
    public async Task EveryRoute_ByEveryone_RefusedUnlessAllowed_RefusalsChangeNothing()
    {
        var failures = new List<string>();
        var before = await StorageSnapshot.TakeAsync(Host);
        foreach (var (name, row) in Rows.Where(r => r.Value.Need != Need.Nobody))
        {
            foreach (var (who, principal, _) in People.Where(p => !p.Allowed.Contains(row.Need)))
            {
                using var response = await SendAsync(row, principal);
                var refusal = Refusal(row, principal is null);
                if ($"{(int)response.StatusCode} {Answer(response)}" != refusal)
                {
                    failures.Add($"{name} by {who}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {response.Headers.Location}, not {refusal}");
                }
            }
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(Host));

        // Allowed last, since what they do (the round suspended, the clock moved) must not be mistaken for a refusal's doing.
        foreach (var (name, row) in Rows.Where(r => r.Value.Need != Need.Nobody))
        {
            foreach (var (who, principal, _) in People.Where(p => p.Allowed.Contains(row.Need)))
            {
                using var response = await SendAsync(row, principal);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{name} by {who}: refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task AnonymousRoutes_TheSameAnswerWhoeverCalls()
    {
        var failures = new List<string>();
        foreach (var (name, row) in Rows.Where(r => r.Value.Need == Need.Nobody))
        {
            var answers = new List<string>();
            foreach (var (who, principal, _) in People)
            {
                using var response = await SendAsync(row, principal);
                answers.Add($"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
            }
            if (answers.Distinct().Count() != 1 || answers[0].StartsWith("401", StringComparison.Ordinal))
            {
                failures.Add($"{name}: {string.Join("; ", answers.Zip(People, (a, p) => $"{p.Who} {a}"))}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData(0, new[] { TestData.System, TestData.Peer, TestData.OtherSystem })]
    [InlineData(1, new[] { TestData.System, TestData.Peer })]
    [InlineData(3, new[] { TestData.OtherSystem })]
    [InlineData(4, new[] { TestData.System })]
    public async Task Lists_OnlyTheSystemsTheViewerMaySee(int person, string[] systems)
    {
        var principal = People[person].Principal;
        foreach (var path in (string[])[$"/api/rounds/{Round}/status", "/api/instances"])
        {
            using var response = await SendAsync(new Row(Need.Scope, "GET", path), principal);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var listed = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("system").GetString()).Order(StringComparer.Ordinal);

            Assert.Equal(systems.Order(StringComparer.Ordinal), listed);
        }
    }

    [Fact]
    public async Task GetInstance_AnUnknownSystem_NotFoundForAScopedViewer_ForbiddenForOneWithNoScope()
    {
        using var scoped = await SendAsync(new Row(Need.See, "GET", $"/api/instances/{Round}/E54000099"), People[4].Principal);
        using var unscoped = await SendAsync(new Row(Need.See, "GET", $"/api/instances/{Round}/E54000099"), People[5].Principal);

        Assert.Equal(HttpStatusCode.NotFound, scoped.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unscoped.StatusCode);
    }

    private static bool IsPage(string route) => route.StartsWith("dashboard", StringComparison.Ordinal);

    /// <summary>
    /// How a route refuses: the API with 401 or 403 problem details; a page sends someone signed out to sign in, and shows
    /// someone signed in without the right a page of its own.
    /// </summary>
    private static string Refusal(Row row, bool signedOut) => (IsPage(row.Path.TrimStart('/')), signedOut) switch
    {
        (false, true) => "401 application/problem+json",
        (false, false) => "403 application/problem+json",
        (true, true) => "302 /signin",
        (true, false) => "403 text/html",
    };

    private static string? Answer(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect ? response.Headers.Location?.OriginalString.Split('?')[0] : response.Content.Headers.ContentType?.MediaType;

    private async Task<HttpResponseMessage> SendAsync(Row row, ClientPrincipal? principal)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path);
        if (row.Json is not null)
        {
            request.Content = new StringContent(row.Json, Encoding.UTF8, "application/json");
        }
        else if (row.Form is not null)
        {
            request.Content = new StringContent(row.Form, Encoding.UTF8, "application/x-www-form-urlencoded");
        }
        // Not the host's client, which signs in as the national team: this one sends the row's person, or nobody.
        if (principal is not null)
        {
            request.Headers.Add(ClientPrincipal.Header, principal.ToHeader());
        }
        // Redirects are not followed, so a page's refusal (to sign in) is seen as it is sent.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.Client.BaseAddress };
        return await client.SendAsync(request);
    }
}
