using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Functions.Rounds;
using Workflow.Functions.Local;
using Workflow.Notifications;
using Workflow.Notifications.Links;
using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Support;

/// <summary>
/// The real service on a loopback port, as a browser or any HTTP client reaches it: Kestrel through
/// <see cref="WebApplicationFactory{TEntryPoint}.UseKestrel(Action{Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions})"/>,
/// its storage a fresh prefix in the shared Azurite, the whole directory (42 systems) and the 2019/20 round started on load,
/// mail saved to a folder of its own, links signed with a key the tests know, and time from a fake clock only the test moves.
/// The timer and queue triggers are fired by the test (<see cref="DrainAsync"/>), as the Functions host would fire them.
/// </summary>
internal sealed class AppHost : IAsyncDisposable
{
    public const string Round = "2019-20";

    private static readonly TimeZoneInfo LondonZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private readonly Factory _factory;
    private readonly HttpClient _api;

    private AppHost(Factory factory, int port)
    {
        _factory = factory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _api = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Thursday 14 November 2019, 10:00 in London: the day before the final plans are due.</summary>
    public static DateTimeOffset DayBeforeFinal { get; } = London(2019, 11, 14, 10, 0);

    public Uri BaseAddress { get; }

    public FakeTimeProvider Clock => _factory.Clock;

    /// <summary>The key links are signed with, base64.</summary>
    public string SigningKey => _factory.SigningKey;

    public string MailFolder => _factory.MailFolder;

    public IServiceProvider Services => _factory.Services;

    /// <summary>Errors the service logged (with their exceptions): an end-to-end run should log none.</summary>
    public IReadOnlyCollection<string> Errors => _factory.Errors;

    /// <summary>How many times a run lost the commit to another worker on the same instance and decided again.</summary>
    public int LostRaces => _factory.LostRaces;

    /// <summary>
    /// Starts the service on a free loopback port (another port if the one picked is taken meanwhile), with the whole
    /// directory, or only <paramref name="systems"/> (and every region's people) when given.
    /// </summary>
    public static async Task<AppHost> StartAsync(AzuriteFixture azurite, DateTimeOffset? start = null, IReadOnlyCollection<string>? systems = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var storage = azurite.NewOptions();
            var data = systems is null ? "data" : WriteDirectory(Path.Combine(Path.GetTempPath(), "workflow-e2e", storage.Prefix, "data"), systems);
            var factory = new Factory(storage, port, start ?? DayBeforeFinal, data);
            try
            {
                factory.StartServer();
                var host = new AppHost(factory, port);
                using var health = await host._api.GetAsync(new Uri("/api/health", UriKind.Relative));
                health.EnsureSuccessStatusCode();
                return host;
            }
            catch (IOException) when (attempt < 3)
            {
                // The port was taken between picking and binding: pick again.
                await factory.DisposeAsync();
            }
        }
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static InstanceId Id(string system) => new(new RoundId(Round), new SystemCode(system));

    /// <summary>Fires the queue trigger for everything on the outbox queue: the mail committed so far is saved.</summary>
    public Task<int> DrainAsync() => Get<LocalTriggers>().DrainAsync(CancellationToken.None);

    /// <summary>The mail saved so far, newest first.</summary>
    public Task<IReadOnlyList<MailDropEntry>> MailAsync() => Get<MailDropReader>().ListAsync(500);

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

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
    }

    public static DateTimeOffset London(int year, int month, int day, int hour, int minute)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, LondonZone.GetUtcOffset(local));
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

    private sealed class Factory : WebApplicationFactory<Program>
    {
        private readonly Workflow.Storage.StorageOptions _storage;
        private readonly int _port;
        private readonly ErrorLog _errors = new();

        public Factory(Workflow.Storage.StorageOptions storage, int port, DateTimeOffset start, string dataFolder)
        {
            DataFolder = dataFolder;
            _storage = storage;
            _port = port;
            Clock = new FakeTimeProvider(start);
            SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            MailFolder = Path.Combine(Path.GetTempPath(), "workflow-e2e", storage.Prefix, "mail");
            // A real socket, so a real browser can reach it; loopback only.
            UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        }

        public FakeTimeProvider Clock { get; }

        public string DataFolder { get; }

        public string SigningKey { get; }

        public string MailFolder { get; }

        public IReadOnlyCollection<string> Errors => _errors.Entries;

        public int LostRaces => _errors.LostRaces;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // UseSetting reaches Program before it builds the app, which reads Workflow:LocalTriggers early.
            builder.UseSetting("Storage:ConnectionString", _storage.ConnectionString);
            builder.UseSetting("Storage:Prefix", _storage.Prefix);
            builder.UseSetting("Workflow:LocalTriggers", "false");
            builder.UseSetting("Workflow:RoundFile", "rounds/2019-20.json");
            builder.UseSetting("Workflow:StartRoundOnLoad", "true");
            builder.UseSetting("Workflow:DataFolder", DataFolder);
            builder.UseSetting("MailDrop:Folder", MailFolder);
            builder.UseSetting("Links:SigningKey", SigningKey);
            builder.UseSetting("Links:BaseUrl", $"http://127.0.0.1:{_port}");
            // The styles sit in wwwroot beside the built service (linked from node_modules), not in the project folder.
            builder.UseWebRoot(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
            builder.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(_errors);
            });
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                // Not a hosted service: the test drains the outbox itself, as the Functions host's queue trigger would fire.
                services.AddSingleton<LocalTriggers>();
            });
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            _errors.Dispose();
            try
            {
                Directory.Delete(Path.GetDirectoryName(MailFolder)!, recursive: true);
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
    }

    /// <summary>Keeps what the service logs at Error or above, and counts the races a run lost.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _entries = new();
        private int _lostRaces;

        public IReadOnlyCollection<string> Entries => _entries;

        public int LostRaces => Volatile.Read(ref _lostRaces);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ErrorLog log) : ILogger
        {
            private readonly bool _runner = category == typeof(InstanceRunner).FullName;

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error || (_runner && logLevel >= LogLevel.Information);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                {
                    log._entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
                }
                else if (_runner && eventId.Id == 2)
                {
                    // "Instance … lost a race to another worker; reloading" (Log.Conflict).
                    Interlocked.Increment(ref log._lostRaces);
                }
            }
        }
    }
}

/// <summary>What the instance API says about one instance: enough to see whether anything was recorded.</summary>
internal sealed record InstanceFacts(string Stage, int PlanVersion, int Version, IReadOnlyList<string> History, string HistoryJson)
{
    /// <summary>The decisions recorded, in order, as "outcome vN by NAME".</summary>
    public IReadOnlyList<JsonElement> Decisions { get; init; } = [];

    public static InstanceFacts Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var history = root.GetProperty("history");
        return new InstanceFacts(
            root.GetProperty("stage").GetString()!,
            root.GetProperty("planVersion").GetInt32(),
            root.GetProperty("version").GetInt32(),
            [.. history.EnumerateArray().Select(e => e.GetProperty("type").GetString()!)],
            // The events alone: a message's delivery moves on as the outbox is drained, without anything being recorded.
            string.Join('\n', history.EnumerateArray().Select(e => e.GetProperty("event").GetRawText())))
        {
            Decisions = [.. history.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "DecisionRecorded").Select(e => e.GetProperty("event").Clone())],
        };
    }

    /// <summary>The same version and the very same history: nothing was recorded in between.</summary>
    public bool SameAs(InstanceFacts other) =>
        other is not null && Version == other.Version && Stage == other.Stage && string.Equals(HistoryJson, other.HistoryJson, StringComparison.Ordinal);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Stage}, plan v{PlanVersion}, version {Version}, {History.Count} events: {string.Join(", ", History.TakeLast(6))}");
}
