using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Functions.Rounds;
using Workflow.LocalHost;
using Workflow.Notifications;
using Workflow.Notifications.Links;
using Workflow.Storage.Journal;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Support;

/// <summary>
/// The real service on a loopback port, as a browser or any HTTP client reaches it: the local Functions host (its HTTP
/// functions on Kestrel, its orchestrations on the Durable Task worker over Azurite), its storage and task hub a fresh
/// prefix in the shared Azurite, the whole directory (42 systems) and the 2019/20 round started on load, mail saved to a
/// folder of its own, links signed with a key the tests know, and a virtual clock that starts at the instant a test
/// needs and runs at real speed. Time cannot be stepped: tests move the clock through the API and wait for what follows.
/// </summary>
internal sealed class AppHost : IAsyncDisposable
{
    public const string Round = "2019-20";

    /// <summary>Longer than anything the service is asked to do here takes on a loaded two-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly TimeZoneInfo LondonZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private readonly WebApplication _app;
    private readonly ErrorLog _errors;
    private readonly string _folder;
    private readonly HttpClient _api;

    private AppHost(WebApplication app, ErrorLog errors, string folder, int port, string signingKey)
    {
        _app = app;
        _errors = errors;
        _folder = folder;
        SigningKey = signingKey;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _api = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) }.SignedIn();
    }

    /// <summary>Thursday 14 November 2019, 10:00 in London: the day before the final plans are due.</summary>
    public static DateTimeOffset DayBeforeFinal { get; } = London(2019, 11, 14, 10, 0);

    public Uri BaseAddress { get; }

    /// <summary>The service's clock: virtual, started where the test asked, moving on in real time.</summary>
    public TimeProvider Clock => Get<TimeProvider>();

    /// <summary>The key links are signed with, base64.</summary>
    public string SigningKey { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Errors the service logged (with their exceptions): an end-to-end run should log none.</summary>
    public IReadOnlyCollection<string> Errors => _errors.Entries;

    /// <summary>
    /// Starts the service on a free loopback port (another port if the one picked is taken meanwhile), with the whole
    /// directory, or only <paramref name="systems"/> (and every region's people) when given, and waits until every
    /// system's instance has started and sent what was due at the start.
    /// </summary>
    public static async Task<AppHost> StartAsync(AzuriteFixture azurite, DateTimeOffset? start = null, IReadOnlyCollection<string>? systems = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        for (var attempt = 1; ; attempt++)
        {
            var folder = Path.Combine(Path.GetTempPath(), "workflow-e2e", Guid.NewGuid().ToString("N"));
            var data = systems is null ? "data" : WriteDirectory(Path.Combine(folder, "data"), systems);
            var port = FreePort();
            var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var settings = DurableService.Settings(azurite, data, Path.Combine(folder, "mail"), start ?? DayBeforeFinal, clockSpeed: 1);
            settings["urls"] = $"http://127.0.0.1:{port}";
            settings["Links:BaseUrl"] = $"http://127.0.0.1:{port}";
            settings["Links:SigningKey"] = signingKey;
            // SendGrid's webhook checks signatures against this; nothing here holds its private half.
            using (var webhookKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            {
                settings["SendGrid:EventWebhookPublicKey"] = Convert.ToBase64String(webhookKey.ExportSubjectPublicKeyInfo());
            }
            settings["Workflow:RoundFile"] = "rounds/2019-20.json";
            settings["Workflow:StartRoundOnLoad"] = "true";
            // A person at a page waits this long for the instance to apply what they sent; a loaded test machine can be slow.
            settings["Workflow:RaiseWaitSeconds"] = "30";
            // An event raised is picked up within this, rather than the two seconds an idle local run may wait.
            settings["LocalHost:MaxQueuePollingInterval"] = "00:00:00.250";
            var errors = new ErrorLog();
            var app = LocalHostProgram.Build([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(errors);
            });
            try
            {
                await app.StartAsync();
            }
            catch (IOException) when (attempt < 3)
            {
                // The port was taken between picking and binding: pick again, on storage and a task hub of its own.
                await app.StopAsync();
                await app.DisposeAsync();
                DeleteFolder(folder);
                continue;
            }
            var host = new AppHost(app, errors, folder, port, signingKey);
            try
            {
                await host.StartedAsync();
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
            return host;
        }
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static InstanceId Id(string system) => new(new RoundId(Round), new SystemCode(system));

    /// <summary>The mail saved so far, newest first.</summary>
    public Task<IReadOnlyList<MailDropEntry>> MailAsync() => Get<MailDropReader>().ListAsync(500);

    /// <summary>The mail that matches, once at least one message does: instances send what is due on their own time.</summary>
    public async Task<IReadOnlyList<MailDropEntry>> MailAsync(Func<MailDropEntry, bool> match)
    {
        IReadOnlyList<MailDropEntry> found = [];
        await EventuallyAsync(async () => (found = [.. (await MailAsync()).Where(match)]).Count > 0, "the mail looked for was not saved");
        return found;
    }

    /// <summary>A signer with the service's own key, as if it were the service signing.</summary>
    public LinkSigner Signer => new(Options.Create(new SignedLinkOptions { SigningKey = SigningKey }));

    /// <summary>A signed link's path for <paramref name="person"/> to take <paramref name="action"/> on the system's instance.</summary>
    public string LinkPath(LinkAction action, string system, string person, int version, DateTimeOffset? expires = null, LinkSigner? signer = null) =>
        "/links/" + (signer ?? Signer).Sign(new LinkClaims(action, Id(system), person, version, expires ?? Clock.GetUtcNow().AddDays(21), Guid.NewGuid().ToString("N")));

    public Contact Director(string system) => Contact(ContactRole.RegionalDirector, RegionOf(system));

    public Contact Deputy(string system) => Contact(ContactRole.DeputyDirector, RegionOf(system));

    public Contact Pmo(string system) => Contact(ContactRole.Pmo, system);

    public string RegionOf(string system)
    {
        var directory = Get<ReferenceData>().Directory;
        return directory.TryGetSystem(new SystemCode(system), out var entry) ? entry!.Region.Value : throw new ArgumentException($"No system {system}.", nameof(system));
    }

    /// <summary>An HTTP client for the API (no cookies).</summary>
    public HttpClient Api => _api;

    /// <summary>Records a submission through the API, as the rounds API's callers would.</summary>
    public async Task SubmitAsync(string system, string milestone, string? reference = null)
    {
        using var response = await _api.PostAsJsonAsync(
            new Uri($"/api/rounds/{Round}/systems/{system}/submission", UriKind.Relative),
            new { milestone, by = Pmo(system).Name, reference = reference ?? $"https://plans.example.org/{system}/{milestone}.pdf" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{milestone} submission for {system} answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>Records a decision through the API.</summary>
    public async Task DecideAsync(string system, string outcome, int planVersion, string? comment = null)
    {
        using var response = await _api.PostAsJsonAsync(
            new Uri($"/api/rounds/{Round}/systems/{system}/decision", UriKind.Relative),
            new { outcome, planVersion, by = Director(system).Name, comment });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"decision for {system} answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>Draft and final plans in through the API: the system's plan version 1 awaits the director's decision.</summary>
    public async Task AwaitingAgreementAsync(string system)
    {
        await SubmitAsync(system, "draft");
        await SubmitAsync(system, "final");
        var instance = await InstanceAsync(system);
        Assert.Equal("awaiting-agreement", instance.Stage);
        Assert.Equal(1, instance.PlanVersion);
    }

    public async Task<InstanceFacts> InstanceAsync(string system)
    {
        using var response = await _api.GetAsync(new Uri($"/api/instances/{Round}/{system}", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET instance {system} answered {(int)response.StatusCode}: {text}");
        return InstanceFacts.Parse(text);
    }

    /// <summary>
    /// Moves the service's clock on through the API; every instance is told, and decides again on its own time, so
    /// what a test expects of it is waited for.
    /// </summary>
    public async Task AdvanceClockAsync(DateTimeOffset to)
    {
        using var response = await _api.PostAsJsonAsync(new Uri("/api/clock", UriKind.Relative), new { advanceTo = to });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Moving the clock to {to:O} answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>Until <paramref name="done"/> holds, failing with <paramref name="what"/> past <see cref="Patience"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, string what)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + Patience;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Within {Patience.TotalSeconds} s, {what}.");
            await Task.Delay(200);
        }
    }

    /// <summary>An instant as the pages show it: "Thursday 14 November 2019, 10am" or "…, 5:30pm", London time.</summary>
    public static string Shown(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, LondonZone);
        var time = local.TimeOfDay == TimeSpan.Zero ? "midnight"
            : local.TimeOfDay == TimeSpan.FromHours(12) ? "midday"
            : local.ToString(local.Minute == 0 ? "%h" : "h:mm", CultureInfo.InvariantCulture) + (local.Hour < 12 ? "am" : "pm");
        return string.Create(CultureInfo.InvariantCulture, $"{local:dddd d MMMM yyyy}, {time}");
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _errors.Dispose();
        DeleteFolder(_folder);
    }

    public static DateTimeOffset London(int year, int month, int day, int hour, int minute)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, LondonZone.GetUtcOffset(local));
    }

    /// <summary>
    /// Until every system's instance has projected its first state: it has then sent what was due when it started,
    /// since an iteration sends before it projects.
    /// </summary>
    private async Task StartedAsync()
    {
        var journal = Get<JournalStore>();
        var pending = Get<ReferenceData>().Directory.Systems.Select(s => Id(s.Code.Value)).ToList();
        await EventuallyAsync(async () =>
        {
            var projected = await Task.WhenAll(pending.Select(async id => (id, Done: await journal.GetAsync(id) is not null)));
            pending = [.. projected.Where(p => !p.Done).Select(p => p.id)];
            return pending.Count == 0;
        }, "not every instance of the round started");
    }

    private Contact Contact(ContactRole role, string scope) =>
        Get<ReferenceData>().Directory.Contacts.First(c => c.Role == role && c.Scope == scope);

    /// <summary>A data folder with only some of the systems (and the PMOs of those), every region's and the national people.</summary>
    private static string WriteDirectory(string folder, IReadOnlyCollection<string> systems)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in (string[])["bank-holidays-england-and-wales.csv", "regions-2019.csv"])
        {
            File.Copy(RepositoryFiles.PathOf("data", file), Path.Combine(folder, file), overwrite: true);
        }
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("data", "systems-2019.csv"));
        File.WriteAllLines(Path.Combine(folder, "systems-2019.csv"), [lines[0], .. lines.Skip(1).Where(l => systems.Any(s => l.StartsWith(s + ",", StringComparison.Ordinal)))]);
        var contacts = System.Text.Json.Nodes.JsonNode.Parse(RepositoryFiles.Read("data", "contacts-demo.json"))!.AsObject();
        contacts["contacts"] = new System.Text.Json.Nodes.JsonArray([.. contacts["contacts"]!.AsArray()
            .Where(c => c!["role"]!.GetValue<string>() != "pmo" || systems.Contains(c["scope"]!.GetValue<string>()))
            .Select(c => c!.DeepClone())]);
        File.WriteAllText(Path.Combine(folder, "contacts-demo.json"), contacts.ToJsonString());
        return folder;
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Keeps what the service logs at Error or above.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public IReadOnlyCollection<string> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ErrorLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    log._entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
                }
            }
        }
    }
}

/// <summary>What the instance API says about one instance: enough to see whether anything was recorded.</summary>
internal sealed record InstanceFacts(string Stage, int PlanVersion, int Version, IReadOnlyList<string> History, string HistoryJson)
{
    /// <summary>The decisions recorded (refused ones left out), in order.</summary>
    public IReadOnlyList<JsonElement> Decisions { get; init; } = [];

    /// <summary>The types of the events the instance refused, in order.</summary>
    public IReadOnlyList<string> Refused { get; init; } = [];

    /// <summary>Every event applied, in order, with its type.</summary>
    public IReadOnlyList<(string Type, JsonElement Event)> Applied { get; init; } = [];

    /// <summary>The events of one type applied, in order.</summary>
    public IEnumerable<JsonElement> Events(string type) => Applied.Where(e => e.Type == type).Select(e => e.Event);

    public static InstanceFacts Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var lines = root.GetProperty("history").EnumerateArray().ToList();
        var applied = lines.Where(e => Refusal(e) is null).ToList();
        return new InstanceFacts(
            root.GetProperty("stage").GetString()!,
            root.GetProperty("planVersion").GetInt32(),
            root.GetProperty("version").GetInt32(),
            [.. applied.Select(e => e.GetProperty("type").GetString()!)],
            // Every line, refusals too, and the events alone: a message's delivery moves on by itself, without anything being recorded.
            string.Join('\n', lines.Select(e => $"{e.GetProperty("version").GetInt32()} {(Refusal(e) is { } refusal ? "refused: " + refusal : "")} {e.GetProperty("event").GetRawText()}")))
        {
            Applied = [.. applied.Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("event").Clone()))],
            Decisions = [.. applied.Where(e => e.GetProperty("type").GetString() == "DecisionRecorded").Select(e => e.GetProperty("event").Clone())],
            Refused = [.. lines.Where(e => Refusal(e) is not null).Select(e => e.GetProperty("type").GetString()!)],
        };
    }

    /// <summary>Why the instance refused the line's event; null for an event it applied.</summary>
    private static string? Refusal(JsonElement line) =>
        line.TryGetProperty("refusal", out var refusal) && refusal.ValueKind == JsonValueKind.String ? refusal.GetString() : null;

    /// <summary>The same version and the very same journal: nothing reached the instance in between.</summary>
    public bool SameAs(InstanceFacts other) =>
        other is not null && Version == other.Version && Stage == other.Stage && string.Equals(HistoryJson, other.HistoryJson, StringComparison.Ordinal);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Stage}, plan v{PlanVersion}, version {Version}, {History.Count} events: {string.Join(", ", History.TakeLast(6))}{(Refused.Count > 0 ? $"; refused: {string.Join(", ", Refused)}" : "")}");
}
