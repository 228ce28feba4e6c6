using System.Globalization;
using Workflow.Storage;
using Workflow.Storage.Journal;
using Workflow.Storage.Rounds;
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

    private DurableBench(AzuriteFixture azurite, CountedStorage backend, CountedStorage app, DurableService service, JournalStore journal, DirectoryInfo mail)
    {
        _azurite = azurite;
        Backend = backend;
        App = app;
        Service = service;
        Journal = journal;
        _mail = mail;
    }

    /// <summary>The Durable Task backend's requests (task hub tables, queues, blobs).</summary>
    public CountedStorage Backend { get; }

    /// <summary>The service's own tables and queues, as the activities and the client use them.</summary>
    public CountedStorage App { get; }

    public DurableService Service { get; }

    public JournalStore Journal { get; }

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
        var journal = new JournalStore(new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix }));
        return new DurableBench(azurite, backend, app, service, journal, mail);
    }

    /// <summary>Until every instance of <paramref name="instances"/> is projected and <paramref name="done"/> says so of its state; the seconds taken.</summary>
    public async Task<double> WaitAsync(IReadOnlyList<Workflow.Core.InstanceId> instances, Func<Workflow.Core.Instances.InstanceState, bool> done, TimeSpan limit)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var left = instances.ToList();
        while (left.Count > 0)
        {
            if (started.Elapsed > limit)
            {
                throw new TimeoutException($"{left.Count} of {instances.Count} instances not there within {limit.TotalSeconds} s.");
            }
            var pending = new System.Collections.Concurrent.ConcurrentBag<Workflow.Core.InstanceId>();
            await Parallel.ForEachAsync(left, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, token) =>
            {
                if (await Journal.GetAsync(id, token) is not { } snapshot || !done(snapshot.State))
                {
                    pending.Add(id);
                }
            });
            left = [.. pending];
            if (left.Count > 0)
            {
                await Task.Delay(500);
            }
        }
        return started.Elapsed.TotalSeconds;
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
