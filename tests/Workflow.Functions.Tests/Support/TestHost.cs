using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Core;
using Workflow.Functions.Rounds;
using Workflow.Functions.Local;
using Workflow.Notifications;
using Workflow.Storage;
using Workflow.Storage.Instances;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Where one host keeps its state: storage under one prefix, a mail folder, a clock and a log of sends. A test keeps
/// it across a restart of the host, as a real deployment keeps its storage account across a restart of the process.
/// </summary>
internal sealed class HostState
{
    public HostState(AzuriteFixture azurite, DateTimeOffset? start = null)
    {
        Storage = azurite.NewOptions();
        MailFolder = Path.Combine(TestData.Scratch, "mail-" + Storage.Prefix);
        Clock = new FakeTimeProvider(start ?? TestData.BeforeOpening);
    }

    public StorageOptions Storage { get; }

    public string MailFolder { get; }

    public FakeTimeProvider Clock { get; }

    public SendLog Sent { get; } = new();

    /// <summary>The data folder the host reads its directory from (relative to its own folder, or absolute).</summary>
    public string DataFolder { get; init; } = TestData.FewSystems;

    public bool StartRoundOnLoad { get; init; } = true;

    /// <summary>The sender behind the recording one; the local mail drop when null.</summary>
    public Func<IServiceProvider, IMessageSender>? Sender { get; init; }

    /// <summary>When set, every storage request passes it first, so a test can make chosen requests fail.</summary>
    public StorageFaults? Faults { get; init; }

    /// <summary>Last changes to the host's services: a test's own stand-in for a seam, say.</summary>
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>
/// The service as the Functions host would run it, in memory: its HTTP API on a test server, its timer and queue
/// triggers driven by the test (no local trigger loop), time from a fake clock that only the test moves.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    public const int RedeliveryMinutes = 10;
    public const int MaxSendAttempts = 5;
    public const int MaxDequeueCount = 5;

    private readonly Factory _factory;

    private TestHost(HostState state)
    {
        State = state;
        _factory = new Factory(state);
        Client = _factory.CreateClient();
    }

    public HostState State { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public FakeTimeProvider Clock => State.Clock;

    public StorageAccount Account => Get<StorageAccount>();

    public IReadOnlyList<DroppedMail> Mail => MailDrop.Read(State.MailFolder);

    /// <summary>Starts the host; with <see cref="HostState.StartRoundOnLoad"/> the round's instances are started before it answers.</summary>
    public static TestHost Start(HostState state) => new(state);

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Fires the timer trigger once.</summary>
    public Task<IReadOnlyList<RunResult>> TickAsync() => Get<Ticker>().TickAsync();

    /// <summary>Fires the queue trigger for everything on the outbox queue now, as the local trigger loop would.</summary>
    public Task<int> DrainAsync() => Get<LocalTriggers>().DrainAsync(CancellationToken.None);

    /// <summary>Moves the clock to <paramref name="to"/> (never back), then fires the timer and the queue trigger.</summary>
    public async Task AdvanceAsync(DateTimeOffset to)
    {
        if (to > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(to);
        }
        await TickAsync();
        await DrainAsync();
    }

    /// <summary>
    /// Steps from wake-up to wake-up until <paramref name="end"/>, so every instance runs at exactly the times it asked
    /// to, as it would with a timer firing every instant; then moves the clock to <paramref name="end"/>.
    /// </summary>
    public async Task RunUntilAsync(DateTimeOffset end, bool drainLast = true)
    {
        while (await NextWakeUpAsync() is { } next && next < end)
        {
            await AdvanceAsync(next);
        }
        if (end > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(end);
        }
        await TickAsync();
        if (drainLast)
        {
            await DrainAsync();
        }
    }

    /// <summary>The earliest wake-up in the schedule, whichever instance it is for.</summary>
    public async Task<DateTimeOffset?> NextWakeUpAsync()
    {
        DateTimeOffset? next = null;
        await foreach (var row in Account.Schedule.QueryAsync<TableEntity>(select: ["At"]))
        {
            if (row.GetDateTimeOffset("At") is { } at && (next is null || at < next))
            {
                next = at;
            }
        }
        return next;
    }

    public Task<OutboxItem?> OutboxRowAsync(string commandId, string system = TestData.System) =>
        Get<InstanceStore>().GetOutboxAsync(Id(system), OutboxItem.RowFor(commandId));

    public static InstanceId Id(string system = TestData.System) => new(new RoundId(TestData.Round), new SystemCode(system));

    /// <summary>The round opens; returns the queue message for the system's timetable mail, and empties the queue.</summary>
    public async Task<string> TimetableMessageAsync()
    {
        Clock.SetUtcNow(TestData.Opening);
        await TickAsync();
        return await TakeMessageAsync($"{TestData.InstanceId()}/timetable");
    }

    /// <summary>Returns the queue message for the outbox item of <paramref name="commandId"/>, and empties the queue, for the test to deliver.</summary>
    public async Task<string> TakeMessageAsync(string commandId)
    {
        var row = OutboxItem.RowFor(commandId);
        var message = Assert.Single(await PeekOutboxAsync(), m => m.Contains(row, StringComparison.Ordinal));
        await Account.Outbox.ClearMessagesAsync();
        return message;
    }

    public async Task<IReadOnlyList<string>> PeekOutboxAsync() =>
        [.. (await Account.Outbox.PeekMessagesAsync(32)).Value.Select(m => m.MessageText)];

    public async Task<IReadOnlyList<string>> PeekPoisonAsync() =>
        [.. (await Account.OutboxPoison.PeekMessagesAsync(32)).Value.Select(m => m.MessageText)];

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

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string mediaType = "application/json") =>
        Client.PostAsync(path, new StringContent(body, Encoding.UTF8, mediaType));

    /// <summary>Records an event through the rounds API, as a PMO's or director's page would.</summary>
    public Task<HttpResponseMessage> RaiseAsync(string eventName, object body, string system = TestData.System) =>
        PostAsync($"/api/rounds/{TestData.Round}/systems/{system}/{eventName}", body);

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

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }

    private sealed class Factory(HostState state) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // UseSetting reaches Program before it builds the app, which reads Workflow:LocalTriggers early.
            builder.UseSetting("Storage:ConnectionString", state.Storage.ConnectionString);
            builder.UseSetting("Storage:Prefix", state.Storage.Prefix);
            builder.UseSetting("Workflow:LocalTriggers", "false");
            builder.UseSetting("Workflow:RoundFile", "rounds/2019-20.json");
            builder.UseSetting("Workflow:StartRoundOnLoad", state.StartRoundOnLoad ? "true" : "false");
            builder.UseSetting("Workflow:DataFolder", state.DataFolder);
            builder.UseSetting("Workflow:RedeliveryMinutes", RedeliveryMinutes.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Workflow:MaxSendAttempts", MaxSendAttempts.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Workflow:MaxDequeueCount", MaxDequeueCount.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("MailDrop:Folder", state.MailFolder);
            builder.ConfigureLogging(logging => logging.ClearProviders());
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(state.Clock);
                // Not a hosted service: the test calls DrainAsync itself, as the Functions host's queue trigger would fire.
                services.AddSingleton<LocalTriggers>();
                var sender = state.Sender ?? (sp => new LocalMailDrop(sp.GetRequiredService<IOptions<MailDropOptions>>()));
                services.AddSingleton<IMessageSender>(sp => new RecordingSender(sender(sp), state.Sent));
                if (state.Faults is { } faults)
                {
                    services.AddSingleton(new StorageAccount(state.Storage, policy: faults));
                }
                state.Services?.Invoke(services);
            });
        }
    }
}
