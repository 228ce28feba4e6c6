using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflow.Functions;
using Workflow.Functions.Rounds;
using Workflow.Testing;

namespace Workflow.LocalHost.Tests;

/// <summary>
/// The service on the local host as <c>scripts/run.sh</c> runs it (the 2019/20 round loaded and started for every
/// system), stopped with SIGTERM as a container platform or a script stops it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StopTests(AzuriteFixture azurite)
{
    private const string Round = "2019-20";

    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);

    private static readonly IReadOnlyList<string> Systems = ReferenceData
        .Load(Options.Create(new WorkflowOptions { DataFolder = RepositoryFiles.PathOf("data") }))
        .Directory.Systems.Select(s => s.Code.Value).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Sigterm_StorageUp_ExitsWithZeroWithinTenSecondsHavingReleasedThePartition()
    {
        var storage = azurite.NewOptions();
        using var run = new Run(azurite.ConnectionString, storage.Prefix);
        using var host = LocalHostProcess.Start(run.Settings);
        await run.WaitForEveryInstanceAsync(host);

        var stopping = Stopwatch.StartNew();
        var exit = await host.TerminateAsync(StopPatience);
        var took = stopping.Elapsed;

        Assert.True(exit == 0, $"exit code {exit?.ToString() ?? "none: still running"} after {took}\n{host.Output}");
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took} to stop\n{host.Output}");
        Assert.Contains("stopped and its partitions released", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_AfterStorageHasGone_ExitsSayingSoAndTheNextHostCarriesOnWithEveryInstance()
    {
        await using var storage = await OwnAzurite.StartAsync();
        using var run = new Run(storage.ConnectionString, "stopgone");
        IReadOnlyDictionary<string, int> before;
        using (var first = LocalHostProcess.Start(run.Settings))
        {
            before = await run.WaitForEveryInstanceAsync(first);
            await storage.StopAsync();

            var stopping = Stopwatch.StartNew();
            var exit = await first.TerminateAsync(StopPatience);
            var took = stopping.Elapsed;

            Assert.True(exit is not null, $"still running {StopPatience} after SIGTERM\n{first.Output}");
            Assert.True(exit == LocalFunctionsHost.StorageLostWhileStoppingExitCode, $"exit code {exit} after {took}\n{first.Output}");
            Assert.Matches(@"Storage 'AzureWebJobsStorage' at \S+ is unreachable \(Connection refused[^\n]*\) while stopping: task hub hubstopgone's partition leases were not released", first.Output);
        }

        await storage.StartAgainAsync();
        using var second = LocalHostProcess.Start(run.Settings);
        var after = await run.WaitForEveryInstanceAsync(second);
        Assert.All(Systems, s => Assert.True(after[s] >= before[s], $"{s} was at version {before[s]} and is at {after[s]}"));
        // Moved on to the draft's due date, every instance decides again: each one is running on the new host.
        using var moved = await run.Http.PostAsJsonAsync(new Uri("/api/clock", UriKind.Relative), new { advanceTo = "2019-09-27T09:00:00+01:00" });
        Assert.True(moved.IsSuccessStatusCode, $"{moved.StatusCode}: {await moved.Content.ReadAsStringAsync()}");
        await run.WaitForEveryInstanceAsync(second, after);
    }

    /// <summary>One service's settings on a port of its own that stays the same across its restarts, and a client signed in to it.</summary>
    private sealed class Run : IDisposable
    {
        private readonly string _mail = Directory.CreateTempSubdirectory("mail-").FullName;

        public Run(string connectionString, string prefix)
        {
            var port = LoopbackPorts.Free(1)[0];
            Settings = DurableService.Settings(
                connectionString, connectionString, prefix, RepositoryFiles.PathOf("data"), _mail,
                DateTimeOffset.Parse("2019-06-27T09:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture), clockSpeed: 1);
            Settings["Workflow:RoundFile"] = RepositoryFiles.PathOf("rounds", "2019-20.json");
            Settings["Workflow:StartRoundOnLoad"] = "true";
            Settings["urls"] = $"http://127.0.0.1:{port}";
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) }.SignedIn();
        }

        public Dictionary<string, string?> Settings { get; }

        public HttpClient Http { get; }

        /// <summary>
        /// Until the API lists an instance of every system, each past <paramref name="beyond"/>'s version of it (when
        /// given): each system's version, by its code.
        /// </summary>
        public async Task<IReadOnlyDictionary<string, int>> WaitForEveryInstanceAsync(LocalHostProcess host, IReadOnlyDictionary<string, int>? beyond = null)
        {
            IReadOnlyDictionary<string, int> versions = new Dictionary<string, int>();
            try
            {
                await DurableRound.EventuallyAsync(async () =>
                {
                    versions = await VersionsAsync();
                    return versions.Keys.Order(StringComparer.Ordinal).SequenceEqual(Systems)
                        && (beyond is null || Systems.All(s => versions[s] > beyond[s]));
                });
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new InvalidOperationException($"{ex.Message} Listed: {string.Join(", ", versions.Select(v => $"{v.Key} v{v.Value}"))}\nThe local host wrote:\n{host.Output}", ex);
            }
            return versions;
        }

        public void Dispose()
        {
            Http.Dispose();
            Directory.Delete(_mail, recursive: true);
        }

        private async Task<IReadOnlyDictionary<string, int>> VersionsAsync()
        {
            try
            {
                using var response = await Http.GetAsync(new Uri($"/api/instances?round={Round}&top=1000", UriKind.Relative));
                if (!response.IsSuccessStatusCode)
                {
                    return new Dictionary<string, int>();
                }
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return json.RootElement.GetProperty("items").EnumerateArray()
                    .ToDictionary(i => i.GetProperty("system").GetString()!, i => i.GetProperty("version").GetInt32());
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
                return new Dictionary<string, int>();
            }
        }
    }
}
