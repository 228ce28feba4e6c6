using System.Globalization;
using Workflow.Storage;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
using Workflow.Storage.Status;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>
/// One run of the service's orchestrations on the local host, on Azurite of its own: the task hub and the
/// service's tables each reached through counting relays, and a journal the bench reads on a connection not counted.
/// </summary>
internal sealed class DurableBench : IAsyncDisposable
{
    private readonly IReadOnlyList<AzuriteFixture> _azurites;
    private readonly DirectoryInfo _mail;

    private DurableBench(IReadOnlyList<AzuriteFixture> azurites, CountedStorage backend, CountedStorage app, DurableService service, StorageAccount account, DirectoryInfo mail)
    {
        _azurites = azurites;
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
    /// <param name="layout">How many Azurite processes serve the task hub and the service.</param>
    /// <param name="counted">Whether storage requests go through the counting relays.</param>
    public static async Task<DurableBench> StartAsync(
        Replay replay, string dataFolder, DateTimeOffset clockStart, double clockSpeed, IReadOnlyDictionary<string, string?>? extra = null,
        StorageLayout layout = StorageLayout.OneProcess, bool counted = true)
    {
        var azurites = new List<AzuriteFixture>();
        async Task<AzuriteFixture> StartAzuriteAsync()
        {
            var azurite = new AzuriteFixture();
            await azurite.InitializeAsync();
            azurites.Add(azurite);
            return azurite;
        }
        var first = await StartAzuriteAsync();
        var (backendStorage, appStorage) = (first.ConnectionString, first.ConnectionString);
        if (layout == StorageLayout.ByRole)
        {
            var hubTables = await StartAzuriteAsync();
            backendStorage = CountedStorage.WithTables(first.ConnectionString, hubTables.ConnectionString);
            appStorage = (await StartAzuriteAsync()).ConnectionString;
        }
        var backend = counted ? new CountedStorage(backendStorage) : CountedStorage.Uncounted(backendStorage);
        var app = counted ? new CountedStorage(appStorage) : CountedStorage.Uncounted(appStorage);
        var prefix = first.NewOptions().Prefix;
        var mail = Directory.CreateTempSubdirectory("workflow-bench-mail");
        var settings = DurableService.Settings(backend.ConnectionString, app.ConnectionString, prefix, dataFolder, mail.FullName, clockStart, clockSpeed);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var service = await DurableService.StartAsync(settings);
        await service.Get<RoundStore>().AddAsync(replay.Round, replay.RoundJson);
        var uncounted = new StorageAccount(new StorageOptions { ConnectionString = appStorage, Prefix = prefix });
        return new DurableBench(azurites, backend, app, service, uncounted, mail);
    }

    /// <summary>
    /// Until <paramref name="count"/> instances of <paramref name="round"/> have a status row and <paramref name="done"/>
    /// says so of each; the seconds taken. One query of the status table a look (a page per thousand rows), so watching
    /// a thousand instances costs the storage under test next to nothing, where reading each journal would not.
    /// </summary>
    private static readonly TimeSpan Progress = TimeSpan.FromMinutes(1);

    public async Task<double> WaitAsync(Workflow.Core.RoundId round, int count, Func<Workflow.Core.Instances.InstanceStatus, bool> done, TimeSpan limit)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = Progress;
        while (true)
        {
            var rows = await Status.ListAsync(round);
            var left = count - rows.Count(done);
            if (left == 0)
            {
                return started.Elapsed.TotalSeconds;
            }
            // A long run shows its pace as it goes, so one cut off at its limit still says how far it got.
            if (started.Elapsed >= report)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {count - left:N0} of {count:N0} after {started.Elapsed.TotalSeconds:F0} s"));
                report += Progress;
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
        foreach (var azurite in _azurites)
        {
            await azurite.DisposeAsync();
        }
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

/// <summary>
/// Azurite runs each request on one thread, and its cost grows with what the process holds (see docs/benchmarks.md),
/// so the processes serving a run are part of what is measured, as Azure's separate storage services are of production.
/// </summary>
internal enum StorageLayout
{
    /// <summary>One Azurite for everything, as <c>scripts/azurite.sh</c> starts it.</summary>
    OneProcess,

    /// <summary>Three: the task hub's queues and blobs, the task hub's tables, and the service's own storage.</summary>
    ByRole,
}
