using System.Net;
using System.Text;
using System.Text.Json;
using Workflow.Core.Instances;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>A host in mid-round for requests that must be refused: one system's second plan version waits for the director.</summary>
public sealed class MidRoundHost(AzuriteFixture azurite) : IAsyncLifetime
{
    internal TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync(new HostState(azurite, TestData.London(9, 20, 11)));
        foreach (var (name, body) in ((string, object)[])[
            ("submission", new { milestone = "draft", by = "pmo@example.org" }),
            ("submission", new { milestone = "final", by = "pmo@example.org" }),
            ("decision", new { outcome = "changes-requested", planVersion = 1, by = "rd@example.org", comment = "More on workforce." }),
            ("submission", new { milestone = "resubmission", by = "pmo@example.org" })])
        {
            await Host.RaiseAppliedAsync(name, body);
        }
        // What each event set going (its receipt, the director's prompt) is out before any test compares storage.
        await Host.SettledAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Requests the service must refuse: each gets the right problem, nothing at all is written and no instance is told anything.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BadRequestTests(MidRoundHost fixture) : IClassFixture<MidRoundHost>
{
    private const string Systems = $"/api/rounds/{TestData.Round}/systems";
    private static readonly string Submission = $"{Systems}/{TestData.System}/submission";

    private TestHost Host => fixture.Host;

    [Theory]
    [InlineData("{\"milestone\": \"draft\", ")]
    [InlineData("[\"draft\"]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("milestone=draft&by=pmo")]
    public async Task Submission_NotAJsonObject_BadRequest(string body)
    {
        var problem = await RefusedAsync(HttpMethod.Post, Submission, body, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Submission_MissingFields_BadRequestForEachField()
    {
        var problem = await RefusedAsync(HttpMethod.Post, Submission, "{}", HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["by", "milestone"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Decision_EveryFieldWrong_BadRequestListingThemAll()
    {
        var problem = await RefusedAsync(HttpMethod.Post, $"{Systems}/{TestData.System}/decision", """{"outcome": "maybe", "planVersion": 0}""", HttpStatusCode.BadRequest);

        Assert.Equal(["by", "outcome", "planVersion"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("extension", """{"milestone": "final", "newDue": "22/11/2019", "reason": "Board moved", "grantedBy": "national@example.org"}""", "newDue")]
    [InlineData("extension", """{"milestone": "finale", "newDue": "2019-11-22T17:00", "reason": "Board moved", "grantedBy": "national@example.org"}""", "milestone")]
    [InlineData("publication", """{"url": "ftp://example.org/plan.pdf", "by": "pmo@example.org"}""", "url")]
    [InlineData("footprint-notice", """{"source": "parish", "from": "A council", "summary": "A change"}""", "source")]
    [InlineData("footprint-acknowledgement", """{"by": "rd@example.org"}""", "notice")]
    [InlineData("peer-feedback", """{"reviewer": "E54000006"}""", "by")]
    [InlineData("submission", """{"milestone": "agreement", "by": "pmo@example.org"}""", "milestone")]
    [InlineData("submission", """{"milestone": "draft", "by": "pmo@example.org", "reference": "https://example.org/plan.pdf?a=1\r\nX-Injected: 1"}""", "reference")]
    [InlineData("submission", """{"milestone": "draft", "by": "pmo@example.org", "reference": "our shared drive"}""", "reference")]
    [InlineData("publication", """{"url": "https://example.org/our plan", "by": "pmo@example.org"}""", "url")]
    public async Task Event_FieldWrong_BadRequestNamingIt(string eventName, string body, string field)
    {
        var problem = await RefusedAsync(HttpMethod.Post, $"{Systems}/{TestData.System}/{eventName}", body, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData($"{Systems}/E54999999/submission")]
    [InlineData($"/api/instances/{TestData.Round}/E54999999/raiseEvent/submission")]
    [InlineData($"/api/rounds/2020-21/systems/{TestData.System}/submission")]
    [InlineData($"/api/instances/2020-21/{TestData.System}/raiseEvent/submission")]
    [InlineData($"{Systems}/{TestData.System}/resignation")]
    [InlineData($"/api/instances/{TestData.Round}/{TestData.System}/raiseEvent/resignation")]
    public async Task Event_UnknownRoundSystemOrEvent_NotFound(string path)
    {
        await RefusedAsync(HttpMethod.Post, path, """{"milestone": "draft", "by": "pmo@example.org"}""", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", $"/api/instances/{TestData.Round}/E54%23000005")]
    [InlineData("GET", $"/api/instances/{TestData.Round}/E54000005%3F")]
    [InlineData("GET", $"/api/instances/2019%5C20/{TestData.System}")]
    [InlineData("POST", $"/api/instances/{TestData.Round}/e54000005/suspend")]
    [InlineData("POST", $"/api/rounds/{TestData.Round}/systems/E54000005%20/submission")]
    [InlineData("GET", "/api/rounds/-2019/status")]
    [InlineData("POST", "/api/rounds/2019-20-and-a-name-longer-than-anyone-would-give/start")]
    public async Task AnyRoute_RoundOrSystemNothingCouldBeCalled_NotFoundBeforeStorageIsAsked(string method, string path)
    {
        var problem = await RefusedAsync(new HttpMethod(method), path, """{"milestone": "draft", "by": "pmo@example.org", "reason": "r"}""", HttpStatusCode.NotFound);

        Assert.Matches("^There is no (round|system) by that (name|code)\\.$", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Decision_CommentLongerThan4000Characters_BadRequestNamingIt()
    {
        var body = JsonSerializer.Serialize(new { outcome = "changes-requested", planVersion = 2, by = "rd@example.org", comment = new string('“', 4001) });

        var problem = await RefusedAsync(HttpMethod.Post, $"{Systems}/{TestData.System}/decision", body, HttpStatusCode.BadRequest);

        Assert.Equal("must be at most 4,000 characters", problem.GetProperty("errors").GetProperty("comment")[0].GetString());
    }

    [Fact]
    public async Task Decision_OnASupersededPlanVersion_Conflict()
    {
        var problem = await RefusedAsync(
            HttpMethod.Post, $"{Systems}/{TestData.System}/decision", """{"outcome": "agreed", "planVersion": 1, "by": "rd@example.org"}""", HttpStatusCode.Conflict);

        Assert.Equal("this decision is on plan version 1, but version 2 is the current one", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("submission", """{"milestone": "draft", "by": "pmo@example.org"}""", "the draft plan has been submitted already")]
    [InlineData("peer", """{"peer": "E54000005"}""", "a system cannot review its own plan")]
    [InlineData("footprint-notice", """{"source": "system", "from": "pmo@example.org", "summary": "A change"}""", "footprint changes cannot be notified once the final plan is in")]
    [InlineData("publication", """{"url": "https://example.org/plan", "by": "pmo@example.org"}""", "only an agreed plan can be published")]
    [InlineData("extension", """{"milestone": "agreement", "newDue": "2019-11-30T17:00", "reason": "Board moved", "grantedBy": "national@example.org"}""", "Saturday 30 Nov 2019 is not a working day")]
    public async Task Event_NotPossibleNow_ConflictWithTheReason(string eventName, string body, string reason)
    {
        var problem = await RefusedAsync(HttpMethod.Post, $"{Systems}/{TestData.System}/{eventName}", body, HttpStatusCode.Conflict);

        Assert.Equal(reason, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("suspend", """{"by": "national@example.org"}""", HttpStatusCode.BadRequest)]
    [InlineData("terminate", """{"reason": "Merged"}""", HttpStatusCode.BadRequest)]
    [InlineData("restart", "not json", HttpStatusCode.BadRequest)]
    [InlineData("resume", """{"by": "national@example.org"}""", HttpStatusCode.Conflict)]
    public async Task Control_Refused_NothingChanged(string operation, string body, HttpStatusCode status)
    {
        await RefusedAsync(HttpMethod.Post, $"/api/instances/{TestData.Round}/{TestData.System}/{operation}", body, status);
    }

    [Fact]
    public async Task Submission_BodyOver256KiB_TooLarge()
    {
        var body = JsonSerializer.Serialize(new { milestone = "draft", by = "pmo@example.org", reference = new string('x', 257 * 1024) });

        await RefusedAsync(HttpMethod.Post, Submission, body, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Submission_BodyOver256KiBWithoutALength_TooLarge()
    {
        var before = await StorageSnapshot.TakeAsync(Host);
        using var content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes("{\"reference\": \"" + new string('x', 300 * 1024) + "\"}")));
        content.Headers.ContentType = new("application/json");
        Assert.Null(content.Headers.ContentLength);

        using var response = await Host.Client.PostAsync(Submission, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(Host));
    }

    [Fact]
    public async Task AddRound_ManyProblems_BadRequestListingEachByItsPath()
    {
        var round = """
            {
              "id": "2020-21", "version": 1, "timeZone": "Europe/Paris", "opens": "2020-06-27T09:00", "sendAt": "09:00",
              "milestones": [
                { "id": "draft", "title": "Draft", "due": "2020-09-26T17:00" },
                { "id": "final", "title": "Final", "due": "2020-11-13T17:00" },
                { "id": "agreement", "title": "Agreement", "dueWorkingDaysAfter": 10, "dueTime": "17:00" },
                { "id": "resubmission", "title": "Resubmission", "dueWorkingDaysAfter": 10, "dueTime": "17:00" },
                { "id": "publication", "title": "Publication", "dueWorkingDaysAfter": 20, "dueTime": "17:00" }
              ],
              "reminders": [ { "milestone": "drafts", "workingDaysBefore": [5], "onDueDay": true } ],
              "ladder": [ { "milestone": "final", "steps": [ { "workingDaysAfter": 1, "level": "urgent" } ] } ]
            }
            """;

        var problem = await RefusedAsync(HttpMethod.Post, "/api/rounds", round, HttpStatusCode.BadRequest);

        var paths = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("$.title", paths);
        Assert.Contains("$.timeZone", paths);
        Assert.Contains("$.opens", paths);
        Assert.Contains("$.milestones[0].due", paths);
        Assert.Contains("$.reminders[0].milestone", paths);
        Assert.Contains("$.ladder[0].steps[0].level", paths);
        Assert.All(paths, p => Assert.StartsWith("$", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddRound_NotJson_BadRequestWithWhere()
    {
        var problem = await RefusedAsync(HttpMethod.Post, "/api/rounds", "{ \"id\": \"2020-21\", ", HttpStatusCode.BadRequest);

        Assert.Single(problem.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task AddRound_StoredRoundWithAnotherVersion_Conflict()
    {
        await RefusedAsync(HttpMethod.Post, "/api/rounds", TestData.ChangedRound(2), HttpStatusCode.Conflict);
    }

    // A version that is no version is the file's problem, whether the round is new or the one stored: never a conflict.
    [Theory]
    [InlineData("2020-21", "\"1\"")]
    [InlineData("2020-21", "-1")]
    [InlineData("2020-21", "0")]
    [InlineData("2020-21", "1.5")]
    [InlineData("2020-21", "1e40")]
    [InlineData("2020-21", "[1]")]
    [InlineData(TestData.Round, "\"2\"")]
    [InlineData(TestData.Round, "-2")]
    [InlineData(TestData.Round, "2.5")]
    public async Task AddRound_MalformedVersion_BadRequestWithTheVersionProblem(string id, string version)
    {
        var round = System.Text.Json.Nodes.JsonNode.Parse(TestData.RoundFile)!.AsObject();
        round["id"] = id;
        round["version"] = System.Text.Json.Nodes.JsonNode.Parse(version);

        var problem = await RefusedAsync(HttpMethod.Post, "/api/rounds", round.ToJsonString(), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("$.version", out _), problem.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task ChangeTimetable_VersionNotHigher_BadRequest(int version)
    {
        var problem = await RefusedAsync(
            HttpMethod.Put, $"/api/rounds/{TestData.Round}/timetable", TestData.ChangedRound(version, ("final", "2019-11-22T17:00")), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("$.version", out _), problem.ToString());
    }

    [Theory]
    [InlineData("peer", """{"peer": "E54999999"}""", "peer")]
    [InlineData("peer-feedback", """{"Reviewer": "E54999999", "by": "pmo@example.org"}""", "reviewer")]
    public async Task RaiseEvent_SystemNotInTheDirectory_BadRequest(string eventName, string body, string field)
    {
        var problem = await RefusedAsync(HttpMethod.Post, $"{Systems}/{TestData.System}/{eventName}", body, HttpStatusCode.BadRequest);

        Assert.Contains("E54999999", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("peer", """{"peer": "E54000006", "PEER": "E54999999"}""")]
    [InlineData("peer-feedback", """{"reviewer": "E54000006", "Reviewer": "E54999999", "by": "pmo@example.org"}""")]
    [InlineData("decision", """{"outcome": "agreed", "outcome": "changes-requested", "planVersion": 1, "by": "rd@example.org"}""")]
    public async Task RaiseEvent_PropertyGivenTwice_BadRequestAndNothingWritten(string eventName, string body)
    {
        var problem = await RefusedAsync(HttpMethod.Post, $"{Systems}/{TestData.System}/{eventName}", body, HttpStatusCode.BadRequest);

        Assert.Contains("body", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ChangeTimetable_UnknownRound_NotFound()
    {
        await RefusedAsync(HttpMethod.Put, "/api/rounds/2020-21/timetable", TestData.ChangedRound(2), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ChangeTimetable_RenamesTheRound_BadRequest()
    {
        var renamed = TestData.ChangedRound(2).Replace("\"2019-20\"", "\"2019-21\"", StringComparison.Ordinal);

        var problem = await RefusedAsync(HttpMethod.Put, $"/api/rounds/{TestData.Round}/timetable", renamed, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("$.id", out _), problem.ToString());
    }

    [Theory]
    [InlineData("submission", """{"milestone": "draft", "by": "pmo@example.org", "referance": "https://example.org/plan.pdf"}""", "referance")]
    [InlineData("decision", """{"outcome": "agreed", "planVersion": 2, "by": "rd@example.org", "comments": "Good plan."}""", "comments")]
    [InlineData("extension", """{"milestone": "agreement", "newDue": "2019-12-20T17:00", "reason": "Board moved", "grantedBy": "national@example.org", "notify": true}""", "notify")]
    public async Task RaiseEvent_PropertyTheEventDoesNotHave_BadRequestNamingIt(string eventName, string body, string property)
    {
        var problem = await RefusedAsync(HttpMethod.Post, $"/api/instances/{TestData.Round}/{TestData.System}/raiseEvent/{eventName}", body, HttpStatusCode.BadRequest);

        Assert.Contains($"'{property}'", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_PropertyMisspelt_NothingRaisedSoTheSameEventSpeltRightIsStillTaken()
    {
        var path = $"/api/instances/{TestData.Round}/{TestData.Peer}/raiseEvent/submission";
        await RefusedAsync(HttpMethod.Post, path, """{"milestone": "draft", "by": "pmo@example.org", "referance": "https://example.org/plan.pdf"}""", HttpStatusCode.BadRequest);

        // Events reach an instance in the order raised: had the refused draft been raised, this one would find the draft in already.
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("""{"milestone": "draft", "by": "pmo@example.org", "reference": "https://example.org/plan.pdf"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "draft-spelt-right");
        using var response = await Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var submitted = Assert.Single(await Host.Journal.ReadAsync(TestHost.Id(TestData.Peer)), e => e.Event is PlanSubmitted);
        Assert.Equal("api:draft-spelt-right", submitted.EventId);
        Assert.Equal("https://example.org/plan.pdf", ((PlanSubmitted)submitted.Event).Reference);
        await Host.SettledAsync(TestData.Peer);
    }

    [Theory]
    [InlineData("klingon")]
    [InlineData("utf-16")]
    public async Task RaiseEvent_BodyInACharsetNotRead_BadRequestAndNothingWritten(string charset)
    {
        var problem = await RefusedAsync(HttpMethod.Post, $"{Systems}/{TestData.System}/submission", """{"milestone": "draft", "by": "pmo@example.org"}""",
            HttpStatusCode.BadRequest, $"application/json; charset={charset}");

        Assert.Contains(charset, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Sends the request, checks it was refused with a problem, and that nothing at all was written.</summary>
    private async Task<JsonElement> RefusedAsync(HttpMethod method, string path, string body, HttpStatusCode status, string? contentType = null)
    {
        var before = await StorageSnapshot.TakeAsync(Host);
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (contentType is not null)
        {
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        using var request = new HttpRequestMessage(method, path) { Content = content };

        using var response = await Host.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(Host));
        using var json = JsonDocument.Parse(text);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.Clone();
    }

    /// <summary>A body sent in chunks, with no Content-Length for the server to refuse it by.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
