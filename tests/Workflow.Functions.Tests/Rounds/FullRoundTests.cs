using System.Net;
using System.Text.Json;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Rounds;

/// <summary>The 2019/20 round started on load for all 42 systems before it opens; the tests only read it (or start it again).</summary>
public sealed class FullRoundHost(AzuriteFixture azurite) : IAsyncLifetime
{
    internal TestHost Host { get; private set; } = null!;

    // An hour before the round opens, so no timetable falls due however slowly the tests run.
    public async Task InitializeAsync() => Host = await TestHost.StartAsync(new HostState(azurite, TestData.Opening.AddHours(-1)) { DataFolder = "data" });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Every system of the directory gets an instance, listed and filtered through the status API.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FullRoundTests(FullRoundHost fixture) : IClassFixture<FullRoundHost>
{
    private const int Systems = 42;
    private static readonly string[] SystemLines = [.. File.ReadAllLines(RepositoryFiles.PathOf("data", "systems-2019.csv")).Skip(1)];

    private TestHost Host => fixture.Host;

    [Fact]
    public async Task StartOnLoad_BeforeTheRoundOpens_EverySystemHasAStatusRow()
    {
        var status = await Host.GetJsonAsync($"/api/rounds/{TestData.Round}/status");

        var rows = status.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Systems, rows.Count);
        Assert.Equal(Systems, rows.Select(r => r.GetProperty("system").GetString()).Distinct().Count());
        Assert.All(rows, r => Assert.Equal("drafting", r.GetProperty("stage").GetString()));
        Assert.All(rows, r => Assert.Equal("draft", r.GetProperty("nextMilestone").GetString()));
        Assert.All(rows, r => Assert.False(r.GetProperty("overdue").GetBoolean()));
        Assert.Empty(Host.Mail);
    }

    [Fact]
    public async Task StartAgain_NothingNewStarted()
    {
        using var response = await Host.Client.PostAsync($"/api/rounds/{TestData.Round}/start", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("started").GetInt32());
        Assert.Equal(Systems, json.RootElement.GetProperty("alreadyRunning").GetInt32());
        Assert.Equal(Systems, (await Host.GetJsonAsync($"/api/rounds/{TestData.Round}/status")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_TopTen_PagesThroughEveryInstanceOnce()
    {
        var systems = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var path = $"/api/instances?round={TestData.Round}&top=10" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            using var response = await Host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var items = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("system").GetString()!).ToList();
            Assert.InRange(items.Count, 1, 10);
            systems.AddRange(items);
            token = json.RootElement.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            Assert.Equal(token, response.Headers.TryGetValues("x-ms-continuation-token", out var header) ? header.Single() : null);
            pages++;
        }
        while (token is not null);

        Assert.Equal(5, pages);
        Assert.Equal(Systems, systems.Count);
        Assert.Equal(Systems, systems.Distinct().Count());
        Assert.Equal(systems.Order(StringComparer.Ordinal), systems);
    }

    [Theory]
    [InlineData("E40000003", "E40000003")]
    [InlineData("London", "E40000003")]
    [InlineData("E40000009", "E40000009")]
    public async Task List_ByRegion_OnlyThatRegion(string region, string code)
    {
        var page = await Host.GetJsonAsync($"/api/instances?round={TestData.Round}&region={Uri.EscapeDataString(region)}");

        var expected = SystemLines.Count(l => l.Contains($",{code},", StringComparison.Ordinal));
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.InRange(expected, 1, Systems - 1);
        Assert.Equal(expected, items.Count);
        Assert.All(items, i => Assert.Equal(code, i.GetProperty("region").GetString()));
    }

    [Fact]
    public async Task List_ByRegionAndStage_BothApply()
    {
        var drafting = await Host.GetJsonAsync($"/api/instances?round={TestData.Round}&region=London&stage=drafting&top=3");
        var agreed = await Host.GetJsonAsync($"/api/instances?round={TestData.Round}&region=London&stage=agreed");

        Assert.Equal(3, drafting.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.String, drafting.GetProperty("continuationToken").ValueKind);
        Assert.Equal(0, agreed.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("stage=lost", "stage")]
    [InlineData("top=0", "top")]
    [InlineData("top=1001", "top")]
    [InlineData("top=ten", "top")]
    [InlineData("overdue=maybe", "overdue")]
    [InlineData("escalated=1", "escalated")]
    [InlineData("continuationToken=not-a-token", "continuationToken")]
    [InlineData("continuationToken=YWJj", "continuationToken")]
    public async Task List_BadFilter_BadRequestNamingTheField(string query, string field)
    {
        using var response = await Host.Client.GetAsync($"/api/instances?round={TestData.Round}&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _), json.RootElement.ToString());
    }

    [Fact]
    public async Task Status_TopTen_PagesThroughEverySystemOnceInOrder()
    {
        var systems = new List<string>();
        var next = $"/api/rounds/{TestData.Round}/status?top=10";
        string? token;
        do
        {
            using var response = await Host.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            systems.AddRange(json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("system").GetString()!));
            token = json.RootElement.GetProperty("continuationToken").GetString();
            var link = response.Headers.TryGetValues("Link", out var links) ? links.Single() : null;
            Assert.Equal(token is null, link is null);
            // The Link header names the next page, token and all, relative to this host.
            next = link is null ? next : link[1..link.IndexOf('>', StringComparison.Ordinal)];
        }
        while (token is not null);

        Assert.Equal(Systems, systems.Count);
        Assert.Equal(systems.Distinct().Order(StringComparer.Ordinal), systems);
    }

    [Fact]
    public async Task Status_BadPaging_BadRequestNamingTheField()
    {
        using var first = await Host.Client.GetAsync($"/api/rounds/{TestData.Round}/status?top=10");
        using var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("continuationToken").GetString()!;
        var listed = (await Host.GetJsonAsync($"/api/instances?round={TestData.Round}&top=10")).GetProperty("continuationToken").GetString()!;
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        (string Query, string Field)[] cases =
        [
            ("top=0", "top"), ("top=1001", "top"), ("top=x", "top"),
            ($"continuationToken={Uri.EscapeDataString(tampered)}", "continuationToken"),
            // A token from the instances list, filtered to this very round, still belongs to another list.
            ($"continuationToken={Uri.EscapeDataString(listed)}", "continuationToken"),
        ];
        foreach (var (query, field) in cases)
        {
            using var response = await Host.Client.GetAsync($"/api/rounds/{TestData.Round}/status?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), query);
        }
        Assert.Equal(Systems, (await Host.GetJsonAsync($"/api/rounds/{TestData.Round}/status")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Status_Csv_OneLinePerInstance()
    {
        using var response = await Host.Client.GetAsync($"/api/rounds/{TestData.Round}/status?format=csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("round,system,name,region,stage", lines[0], StringComparison.Ordinal);
        Assert.Equal(Systems + 1, lines.Length);
        Assert.Contains(lines, l => l.Contains("\"Humber, Coast and Vale\"", StringComparison.Ordinal));
    }
}
