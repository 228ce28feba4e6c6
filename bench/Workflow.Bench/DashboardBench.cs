using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Core;
using Workflow.Core.Access;
using Workflow.Core.Directory;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;
using Workflow.Core.Simulation;
using Workflow.Functions.Api;
using Workflow.Functions.Pages;
using Workflow.Functions.Rounds;
using Workflow.Storage;
using Workflow.Storage.Status;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>
/// The national dashboard's matrix page and the status API read back a round of many systems from the status table on
/// Azurite: the same list, view, render and serialisation calls the two functions make, for the national team (who see
/// everything), without the HTTP host around them.
/// </summary>
internal static class DashboardBench
{
    private const int WarmUps = 5;

    private static readonly Viewer National = new("National team", "national@example.org", IsNational: true, [], []);

    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, int timed)
    {
        var shipped = Replay.Shipped();
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            return await RunAsync(shipped, azurite, sizes, timed);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static async Task<int> RunAsync(Replay shipped, AzuriteFixture azurite, IReadOnlyList<int> sizes, int timed)
    {
        Console.WriteLine($"{WarmUps} warm-up and {timed} timed requests a size, one after another; milliseconds.");
        Console.WriteLine();
        Console.WriteLine("| systems | seeded in | list p50 | list p95 | page p50 | page p95 | page max | render p50 | page size | API p50 | API p95 | API max | API size | whole API p95 | whole API size |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var mixes = new List<string>();
        foreach (var size in sizes)
        {
            var synthetic = SyntheticRound.Build(shipped, size);
            var (statuses, now) = Statuses(synthetic);
            // Each size on a table of its own, so the query reads that round's rows and nothing left by the size before.
            var store = new StatusStore(await azurite.CreateAccountAsync());
            var seeding = Stopwatch.StartNew();
            await Parallel.ForEachAsync(statuses, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (status, ct) => await store.WriteAsync(status, ct));
            seeding.Stop();
            // A service's rows are written over the round, not all at once: past the store's overlap, a read asks only
            // for what changed since. Read once to keep the rows, as a running service has.
            await store.ListAsync(synthetic.Round.Id);
            await Task.Delay(store.Overlap + TimeSpan.FromSeconds(1));

            var round = synthetic.Round;
            var directory = synthetic.Directory;
            // The page's components read the directory the service holds, so each size renders with its own.
            await using var services = new ServiceCollection().AddLogging().AddSingleton(new ReferenceData(round.Calendar, directory)).BuildServiceProvider();
            await using var pages = new PageRenderer(services, NullLoggerFactory.Instance);
            var list = await TimeAsync(timed, async () => (await store.ListAsync(round.Id)).Count);
            var page = await TimeAsync(timed, () => PageAsync(store, pages, round, directory, now));
            // The rendering alone, of a view made once, to tell the page's own cost from the read's.
            var view = DashboardView.Of(round, statuses, directory, directory.Regions, DashboardFilter.None, now);
            var render = await TimeAsync(timed, () => RenderAsync(pages, view, now));
            var api = await TimeAsync(timed, () => ApiAsync(store, round, directory, now, ApiPage));
            var whole = await TimeAsync(timed, () => ApiAsync(store, round, directory, now, top: null));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {seeding.Elapsed.TotalSeconds:F1} s | {list.P50:F1} | {list.P95:F1} | {page.P50:F1} | {page.P95:F1} | {page.Max:F1} | {render.P50:F1} | {Size(page.Bytes)} | {api.P50:F1} | {api.P95:F1} | {api.Max:F1} | {Size(api.Bytes)} | {whole.P95:F1} | {Size(whole.Bytes)} |"));
            mixes.Add(string.Create(CultureInfo.InvariantCulture, $"{size:N0} systems, cells at {now:yyyy-MM-dd HH:mm}Z: {Tags(statuses, now)}"));
        }
        Console.WriteLine();
        mixes.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>What <c>DashboardFunctions.RoundAsync</c> does once the round is found; the page's length in UTF-8 bytes.</summary>
    private static async Task<int> PageAsync(StatusStore store, PageRenderer pages, Round round, SystemDirectory directory, DateTimeOffset now)
    {
        var visible = (await store.ListAsync(round.Id))
            .Where(s => directory.TryGetSystem(s.Instance.System, out var system) && National.May(Permission.See, system));
        var view = DashboardView.Of(round, visible, directory, directory.Regions.Where(r => National.MaySeeRegion(r.Code)), DashboardFilter.None, now);
        return await RenderAsync(pages, view, now);
    }

    private static async Task<int> RenderAsync(PageRenderer pages, DashboardView view, DateTimeOffset now)
    {
        var html = await pages.RenderAsync<Workflow.Functions.Pages.Components.DashboardPage>(new Dictionary<string, object?>
        {
            [nameof(Workflow.Functions.Pages.Components.DashboardPage.View)] = view,
            // The address with no page: the first page of rows, as the dashboard's own link gives.
            [nameof(Workflow.Functions.Pages.Components.DashboardPage.Page)] = MatrixPage.Of(view.Regions, 1),
            [nameof(Workflow.Functions.Pages.Components.DashboardPage.Now)] = now,
            [nameof(Workflow.Functions.Pages.Components.DashboardPage.SignedIn)] = National.Name,
            [nameof(Workflow.Functions.Pages.Components.DashboardPage.Path)] = $"/dashboard/{view.Round.Id.Value}",
        });
        return Encoding.UTF8.GetByteCount(html);
    }

    /// <summary>The page a client paging the status API asks for; without <c>top</c>, the API gives every row at once.</summary>
    private const int ApiPage = 100;

    private static readonly StatusPages Paging = new(new EphemeralDataProtectionProvider());

    /// <summary>What <c>RoundsFunctions.StatusAsync</c> does once the round is found, with the body the host would write: the first page of <paramref name="top"/> rows, or all.</summary>
    private static async Task<int> ApiAsync(StatusStore store, Round round, SystemDirectory directory, DateTimeOffset now, int? top)
    {
        var rows = (await store.ListAsync(round.Id))
            .Where(s => directory.TryGetSystem(s.Instance.System, out var system) && National.May(Permission.See, system))
            .Select(s => Views.Of(s, directory, now))
            .OrderBy(r => r.System, StringComparer.Ordinal)
            .ToList();
        var page = Paging.Page(rows, new PageRequest($"rounds/{round.Id.Value}/status", top, After: null));
        return JsonSerializer.SerializeToUtf8Bytes(page, ApiJson.Default.StatusPage).Length;
    }

    private static async Task<(double P50, double P95, double Max, int Bytes)> TimeAsync(int timed, Func<Task<int>> request)
    {
        for (var i = 0; i < WarmUps; i++)
        {
            await request();
        }
        var times = new double[timed];
        var bytes = 0;
        for (var i = 0; i < timed; i++)
        {
            var started = Stopwatch.GetTimestamp();
            bytes = await request();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return (Percentile(times, 0.50), Percentile(times, 0.95), times[^1], bytes);
    }

    // Nearest rank: the smallest time at or above the share asked for, so p95 of 50 is the 48th.
    private static double Percentile(double[] sorted, double share) => sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Length) - 1)];

    private static string Size(int bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N0} KiB");

    private static string Tags(IEnumerable<InstanceStatus> statuses, DateTimeOffset now) => string.Join(", ",
        statuses.SelectMany(s => s.CellsAt(now)).GroupBy(c => c.Tag).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}"));

    /// <summary>
    /// A status row for every system of the synthetic round, as it would stand part-way through: the replay gives each
    /// system's real due and done dates (late drafts, extensions, changes requested by number), and each system is then
    /// read as of a time up to four weeks behind the reading, so some are on time, some overdue, some taken up the
    /// ladder; a few are suspended or withdrawn. The reading is a week after the final plans were due.
    /// </summary>
    private static (IReadOnlyList<InstanceStatus> Statuses, DateTimeOffset Now) Statuses(Replay synthetic)
    {
        var round = synthetic.Round;
        var runs = Simulator.Run(synthetic.Timetables, synthetic.Scenario, synthetic.Directory).Runs;
        var facts = runs.Select(r => Matrix.Facts(r.Final, round)).ToList();
        var now = facts[1].Single(f => f.Milestone == Milestone.Final).Due!.Value.AddDays(7);
        var statuses = runs.Select((run, i) => StatusOf(run, facts[i], i, now)).ToList();
        return (statuses, now);
    }

    private static InstanceStatus StatusOf(InstanceRun run, ImmutableArray<MilestoneFacts> all, int i, DateTimeOffset now)
    {
        var asOf = now.AddDays(-7 * (i % 5));
        var withdrawn = i % 41 == 40;
        var suspended = i % 37 == 36;
        var level = i % 9 == 0 ? LadderLevel.National : i % 3 == 0 ? LadderLevel.Region : LadderLevel.Overdue;
        Milestone? next = null;
        var milestones = all.Select(f =>
        {
            var done = f.DoneAt is { } at && at <= asOf;
            var open = !done && !withdrawn && (f.Optional || next is null);
            if (open && !f.Optional)
            {
                next = f.Milestone;
            }
            var overdue = open && !f.Optional && f.Due is { } due && due < now;
            return f with { DoneAt = done ? f.DoneAt : null, Open = open, Escalation = overdue ? level : LadderLevel.None };
        }).ToImmutableArray();
        var owed = milestones.FirstOrDefault(m => m.Milestone == next);
        var stage = withdrawn ? Stage.Withdrawn : next switch
        {
            null => Stage.Published,
            Milestone.Publication => Stage.Agreed,
            Milestone.Agreement => Stage.AwaitingAgreement,
            Milestone.Final => Stage.FinalDue,
            _ => Stage.Drafting,
        };
        var escalation = owed?.Escalation ?? LadderLevel.None;
        return new InstanceStatus(
            run.Final.Id, run.Final.Region, 3 + (i % 5), stage, suspended, owed is null ? 2 : 1,
            owed?.Milestone.Name(), owed?.Due, escalation, escalation == LadderLevel.None ? null : owed!.Milestone.Name(), asOf,
            milestones, i % 53 == 0 ? 1 : 0);
    }
}
