using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Functions.Rounds;
using Workflow.Notifications;
using Workflow.Notifications.Templates;
using Workflow.Orchestration;
using Workflow.Storage;
using Workflow.Storage.Journal;
using Workflow.Storage.Status;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Where one host keeps its state: its storage and task hub, a mail folder, the instant its clock starts at and a
/// log of sends. A test keeps it across a restart of the host, as a deployment keeps its storage account across a
/// restart of the process; the clock then reads on from where it was set.
/// </summary>
internal sealed class HostState
{
    private readonly AzuriteFixture _azurite;
    private Dictionary<string, string?>? _settings;

    public HostState(AzuriteFixture azurite, DateTimeOffset? start = null)
    {
        _azurite = azurite;
        Start = start ?? TestData.BeforeOpening;
        MailFolder = Path.Combine(TestData.Scratch, "mail-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>The round instant the service's clock reads when the host first starts; it runs at real speed from there.</summary>
    public DateTimeOffset Start { get; }

    public string MailFolder { get; }

    public SendLog Sent { get; } = new();

    /// <summary>The data folder the host reads its directory from (relative to its own folder, or absolute).</summary>
    public string DataFolder { get; init; } = TestData.FewSystems;

    /// <summary>Whether the 2019/20 round file is stored at start.</summary>
    public bool LoadRound { get; init; } = true;

    /// <summary>Whether the loaded round's instances are started at start.</summary>
    public bool StartRoundOnLoad { get; init; } = true;

    /// <summary>The sender behind the recording one; the local mail drop when null.</summary>
    public Func<IServiceProvider, IMessageSender>? Sender { get; init; }

    /// <summary>Settings of the test's own, over the usual ones.</summary>
    public IReadOnlyDictionary<string, string?> More { get; init; } = new Dictionary<string, string?>();

    /// <summary>The host's settings, made once, so a second start on this state is a restart of the first.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings ??= MakeSettings();

    private Dictionary<string, string?> MakeSettings()
    {
        var settings = DurableService.Settings(_azurite, DataFolder, MailFolder, Start, clockSpeed: 1);
        settings["Workflow:RoundFile"] = LoadRound ? "rounds/2019-20.json" : "";
        settings["Workflow:StartRoundOnLoad"] = StartRoundOnLoad ? "true" : "false";
        // A busy two-core machine can take seconds to apply an event; a request should still see it applied.
        settings["Workflow:RaiseWaitSeconds"] = "30";
        foreach (var (key, value) in More)
        {
            settings[key] = value;
        }
        return settings;
    }
}

/// <summary>
/// The service as the local host runs it, for real: its HTTP functions on a loopback port, its orchestrations on the
/// Durable Task worker over Azurite, time from a virtual clock that starts where the test needs it and runs at real
/// speed. Nothing is stepped: a test acts through HTTP (or moves the clock through <c>POST /api/clock</c>) and waits
/// for the effect to show in the journal, the status rows or the mail drop.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    /// <summary>
    /// How long a test waits for something the orchestrations do asynchronously: seconds when idle, but the whole suite
    /// runs its test projects side by side on two cores.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Starting the round for all 42 systems takes about fifteen seconds on an idle machine.
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan MarkerPatience = TimeSpan.FromSeconds(5);

    private readonly DurableService _service;

    private TestHost(HostState state, DurableService service)
    {
        State = state;
        _service = service;
        Client = new HttpClient { BaseAddress = service.BaseAddress }.SignedIn();
    }

    public HostState State { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _service.Services;

    public DurableTaskClient Durable => _service.Durable;

    public StorageAccount Account => Get<StorageAccount>();

    public JournalStore Journal => Get<JournalStore>();

    /// <summary>Every system of the host's directory, in code order.</summary>
    public IReadOnlyList<string> Systems => [.. Get<ReferenceData>().Directory.Systems.Select(s => s.Code.Value).Order(StringComparer.Ordinal)];

    public IReadOnlyList<DroppedMail> Mail => MailDrop.Read(State.MailFolder);

    /// <summary>
    /// Starts the host. With the round started on load, it returns once every instance has made its first decisions
    /// and projected them, so a test begins from a round that stands still until its next prompt is due.
    /// </summary>
    public static async Task<TestHost> StartAsync(HostState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var service = await DurableService.StartAsync(state.Settings, services =>
            services.AddSingleton<IMessageSender>(sp => new RecordingSender(
                state.Sender?.Invoke(sp) ?? new LocalMailDrop(sp.GetRequiredService<IOptions<MailDropOptions>>(), sp.GetRequiredService<MessageRenderer>()),
                state.Sent)));
        var host = new TestHost(state, service);
        try
        {
            if (state.LoadRound && state.StartRoundOnLoad)
            {
                await WaitForAsync("every instance to project its start", async () => (await host.StatusRowsAsync()).Count == host.Systems.Count, StartPatience);
                await host.SettledAsync();
            }
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static InstanceId Id(string system = TestData.System) => new(new RoundId(TestData.Round), new SystemCode(system));

    /// <summary>Polls until <paramref name="done"/> holds, failing the test after <see cref="Patience"/> (or <paramref name="patience"/>).</summary>
    /// <param name="seen">What was last seen instead, for the failure message.</param>
    public static async Task WaitForAsync(string what, Func<Task<bool>> done, TimeSpan? patience = null, Func<string>? seen = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {(patience ?? Patience).TotalSeconds} s for {what}.{(seen is null ? "" : " Last seen: " + seen())}");
            await Task.Delay(Poll);
        }
    }

    public static Task WaitForAsync(string what, Func<bool> done, TimeSpan? patience = null) =>
        WaitForAsync(what, () => Task.FromResult(done()), patience);

    /// <summary>Until the mail drop holds what <paramref name="done"/> looks for.</summary>
    public Task WaitForMailAsync(string what, Func<IReadOnlyList<DroppedMail>, bool> done) => WaitForAsync(what, () => done(Mail));

    /// <summary>
    /// Until every event raised so far on the instances (all of them when none are named) has been taken and what
    /// followed is projected: a marker event is raised on each, behind whatever is already queued, and waited for,
    /// then the status row is waited for to catch up with the journal.
    /// </summary>
    public async Task SettledAsync(params string[] systems)
    {
        var ids = (systems.Length > 0 ? systems : Systems).Select(s => Id(s)).ToList();
        var markers = ids.ToDictionary(id => id, _ => new List<string>());
        foreach (var id in ids)
        {
            await RaiseMarkerAsync(id, markers[id]);
        }
        foreach (var id in ids)
        {
            var last = "nothing";
            var raisedAt = DateTime.UtcNow;
            await WaitForAsync($"{id} to take every event raised on it", async () =>
            {
                if (await Durable.GetInstanceAsync(PlanningOrchestrator.InstanceIdFor(id), getInputsAndOutputs: true) is not { SerializedInput: not null } instance)
                {
                    return false;
                }
                var applied = OrchestrationJson.Read<PlanningInput>(instance.ReadInputAs<string>()).AppliedEventIds;
                last = $"{instance.RuntimeStatus} at {instance.LastUpdatedAt:O}, events applied {string.Join(", ", applied)}";
                if (applied.Intersect(markers[id]).Any())
                {
                    return true;
                }
                // The local host's engine can lose an event that waits behind another while the instance continues as
                // new (see docs/orchestration.md); one raised again later, with nothing ahead of it, arrives.
                if (DateTime.UtcNow - raisedAt > MarkerPatience)
                {
                    await RaiseMarkerAsync(id, markers[id]);
                    raisedAt = DateTime.UtcNow;
                }
                return false;
            }, seen: () => $"{last}; waiting for one of {string.Join(", ", markers[id])}");
            await WaitForAsync($"{id} to project what it decided", async () =>
                await Journal.GetAsync(id) is { } snapshot && await Get<StatusStore>().GetAsync(id) is { } row && row.Version == snapshot.State.Version);
        }
    }

    /// <summary>An event with nothing in it: it changes no state, and the instance only decides again at its own time.</summary>
    private async Task RaiseMarkerAsync(InstanceId id, List<string> raised)
    {
        var marker = "settled:" + Guid.NewGuid().ToString("N");
        raised.Add(marker);
        await Durable.RaiseEventAsync(PlanningOrchestrator.InstanceIdFor(id), PlanningEvent.Name, OrchestrationJson.Write(new PlanningEvent(marker)));
    }

    /// <summary>Moves the service's clock forward through the API, which tells every instance; they decide again on their own.</summary>
    public async Task AdvanceClockAsync(DateTimeOffset to)
    {
        using var response = await PostAsync("/api/clock", new { advanceTo = to });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Moving the clock to {to:O} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<IReadOnlyList<InstanceStatus>> StatusRowsAsync() => await Get<StatusStore>().ListAsync(new RoundId(TestData.Round));

    /// <summary>Every integration event on the <c>events</c> queue, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> IntegrationEventsAsync()
    {
        var events = new List<JsonElement>();
        foreach (var message in (await Account.Events.PeekMessagesAsync(32)).Value)
        {
            using var json = JsonDocument.Parse(message.MessageText);
            events.Add(json.RootElement.Clone());
        }
        return events;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body) => Client.PostAsJsonAsync(path, body);

    /// <summary>Records an event through the rounds API, as a PMO's or director's own system would.</summary>
    public Task<HttpResponseMessage> RaiseAsync(string eventName, object body, string system = TestData.System) =>
        PostAsync($"/api/rounds/{TestData.Round}/systems/{system}/{eventName}", body);

    /// <summary>Records an event and checks the instance applied it (200), returning its view.</summary>
    public async Task<JsonElement> RaiseAppliedAsync(string eventName, object body, string system = TestData.System)
    {
        using var response = await RaiseAsync(eventName, body, system);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{eventName} on {system} answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    public Task<JsonElement> GetInstanceAsync(string system = TestData.System, bool history = true) =>
        GetJsonAsync($"/api/instances/{TestData.Round}/{system}" + (history ? "" : "?showHistory=false"));

    /// <summary>The ids of the mail one system's instance sent, in the order it decided them.</summary>
    public IReadOnlyList<string> MailFor(string system = TestData.System) =>
        [.. Mail.Where(m => m.Instance == TestData.InstanceId(system)).OrderBy(m => m.At).ThenBy(m => m.File, StringComparer.Ordinal).Select(m => m.Id)];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _service.DisposeAsync();
    }
}
