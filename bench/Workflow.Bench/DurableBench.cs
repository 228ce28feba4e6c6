using System.Globalization;
using Workflow.Storage;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>
/// One run of the service's orchestrations on the local host, on an Azurite of its own: the task hub and the
/// service's tables each reached through counting relays, and a journal the bench reads on a connection not counted.
/// </summary>
internal sealed class DurableBench : IAsyncDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _mail;

    private DurableBench(AzuriteFixture azurite, CountedStorage backend, CountedStorage app, DurableService service, StorageAccount account, DirectoryInfo mail)
    {
        _azurite = azurite;
        Backend = backend;
        App = app;
        Service = service;
        Journal = new JournalStore(account);
        Status = new StatusStore(account);
        _mail = mail;
    }

    /// <summary>The Durable Task backend's requests (task hub tables, queues, blobs).</summary>
    public CountedStorage Backend { get; }

    /// <summary>The service's own tables and queues, as the activities and the client use them.</summary>
    public CountedStorage App { get; }

    public DurableService Service { get; }

    public JournalStore Journal { get; }

    /// <summary>The status rows the orchestrations project, read on the connection not counted.</summary>
    public StatusStore Status { get; }

    /// <param name="extra">Settings over the defaults, such as the task hub's partitions and polling.</param>
    public static async Task<DurableBench> StartAsync(
        Replay replay, string dataFolder, DateTimeOffset clockStart, double clockSpeed, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var backend = new CountedStorage(azurite.ConnectionString);
        var app = new CountedStorage(azurite.ConnectionString);
        var prefix = azurite.NewOptions().Prefix;
        var mail = Directory.CreateTempSubdirectory("workflow-bench-mail");
        var settings = DurableService.Settings(backend.ConnectionString, app.ConnectionString, prefix, dataFolder, mail.FullName, clockStart, clockSpeed);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var service = await DurableService.StartAsync(settings);
        await service.Get<RoundStore>().AddAsync(replay.Round, replay.RoundJson);
        var uncounted = new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix });
        return new DurableBench(azurite, backend, app, service, uncounted, mail);
    }

    /// <summary>
    /// Until <paramref name="count"/> instances of <paramref name="round"/> have a status row and <paramref name="done"/>
    /// says so of each; the seconds taken. One query of the status table a look (a page per thousand rows), so watching
    /// a thousand instances costs the storage under test next to nothing, where reading each journal would not.
    /// </summary>
    public async Task<double> WaitAsync(Workflow.Core.RoundId round, int count, Func<Workflow.Core.Instances.InstanceStatus, bool> done, TimeSpan limit)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var rows = await Status.ListAsync(round);
            var left = count - rows.Count(done);
            if (left == 0)
            {
                return started.Elapsed.TotalSeconds;
            }
            if (started.Elapsed > limit)
            {
                throw new TimeoutException($"{left} of {count} instances not there within {limit.TotalSeconds} s.");
            }
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Backend.DisposeAsync();
        await App.DisposeAsync();
        await _azurite.DisposeAsync();
        _mail.Delete(recursive: true);
    }

    public static void PrintCounts(string title, IReadOnlyDictionary<string, long> after, IReadOnlyDictionary<string, long> before, double per, string unit)
    {
        var delta = after.Select(p => (p.Key, Count: p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Count > 0).OrderByDescending(p => p.Count).ToList();
        var total = delta.Sum(p => p.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {title,-30} {total,8} ({total / per,8:F1} {unit})"));
        foreach (var (kind, count) in delta)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {kind,-40} {count,8} ({count / per,8:F1})"));
        }
    }
}
