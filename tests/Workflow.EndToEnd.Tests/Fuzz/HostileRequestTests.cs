using System.Diagnostics;
using System.Globalization;
using Workflow.EndToEnd.Tests.Support;
using Workflow.LocalHost.Functions;
using Xunit.Abstractions;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Hostile requests, from a seed, on every HTTP route the service has, against one running service: none is a server
/// error, every refusal says why in the route's own form, every page carries its headers, the health route answers 200
/// throughout, and afterwards nothing at all has changed (every instance's journal and undelivered messages, the status
/// rows, the mail, the rounds, delegations, documents and the clock). The CI run sends <see cref="FuzzSettings.CiRequests"/>;
/// <c>scripts/fuzz.sh</c> sends as many as it is asked, the rest random variants (docs/reliability.md).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostileRequestTests(FuzzHostFixture fixture, ITestOutputHelper output) : LinkHostTests(fixture), IClassFixture<FuzzHostFixture>
{
    /// <summary>A route's fuzzer must get this many of its requests to the function itself, or it fuzzes only the router.</summary>
    private const int ReachedAtLeast = 5;

    private const int InParallel = 4;

    /// <summary>How many wrong answers' requests a run with a summary file saves whole beside it.</summary>
    private const int SavedWhole = 20;

    /// <summary>Among the random variants, one in this many goes out as a burst of fifty.</summary>
    private const int RandomPerBurst = 200;

    private static readonly IReadOnlyDictionary<string, RouteFuzzer> Fuzzers =
        new[] { ApiFuzzers.All, LinkFuzzers.All, PageFuzzers.All, SignInFuzzers.All, DashboardFuzzers.All, FeedFuzzers.All }.SelectMany(d => d).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private IReadOnlyList<HttpRoute> Routes => HttpRoutes.OfTheService(Host.Get<FunctionTable>().RoutePrefix);

    [Fact]
    public void EveryHttpRoute_HasAFuzzerWrittenForItAsItIs()
    {
        var routes = Routes;

        Assert.True(routes.Count >= Fuzzers.Count / 2, $"Only {routes.Count} HTTP functions found: the attributes were not read.");
        var missing = routes.Where(r => !Fuzzers.ContainsKey(r.Function)).Select(r => $"{r.Function} ({r})");
        var changed = routes.Where(r => Fuzzers.TryGetValue(r.Function, out var f) && (f.Template != r.Template || !f.Methods.Order(StringComparer.Ordinal).SequenceEqual(r.Methods)))
            .Select(r => $"{r.Function}: now {r}, fuzzed as {string.Join(",", Fuzzers[r.Function].Methods)} {Fuzzers[r.Function].Template}");
        var gone = Fuzzers.Keys.Where(name => routes.All(r => r.Function != name));
        Assert.True(!missing.Any() && !changed.Any() && !gone.Any(),
            $"Every HTTP function needs hostile requests written for its route (Fuzz/*Fuzzers.cs).\nNo fuzzer: {string.Join("; ", missing)}\nRoute changed: {string.Join("; ", changed)}\nNo such function: {string.Join("; ", gone)}");
    }

    [Fact]
    public async Task HostileRequests_OnEveryRoute_RefusedWithReasons_NothingChanged_HealthyThroughout()
    {
        var settings = FuzzSettings.FromEnvironment();
        var clock = Stopwatch.StartNew();
        var targets = await fixture.TargetsAsync();
        var routes = Routes.Where(r => Fuzzers.ContainsKey(r.Function)).ToList();
        var byName = routes.ToDictionary(r => r.Function, StringComparer.Ordinal);
        List<HostileRequest> fixedCases =
        [
            .. routes.SelectMany(r => Fuzzers[r.Function].Cases(targets, r)),
            .. routes.SelectMany(r => GeneralCases.For(targets, r)),
            .. TokenTampering.All(targets),
        ];
        var bursts = Bursts.For(targets, routes, fixedCases).ToList();
        var randomCount = Math.Max(0, settings.Requests - fixedCases.Count - bursts.Sum(b => b.Count));
        var before = await ServiceState.SettledAsync(Host);
        var prepared = clock.Elapsed;

        using var endpoints = new EndpointLog(Host.Get<DiagnosticListener>());
        var client = new WireClient(Host.BaseAddress, targets.AntiforgeryCookie);
        var tally = new FuzzTally(routes);
        await using var health = new HealthProbe(Host.BaseAddress);
        await Parallel.ForEachAsync(Units(fixedCases, bursts, new RandomCases(targets, new Random(settings.Seed + 1)), randomCount),
            new ParallelOptions { MaxDegreeOfParallelism = InParallel },
            async (unit, _) =>
            {
                // A burst goes out all at once; a single request waits its turn among the others.
                var responses = await Task.WhenAll(unit.Requests.Select((request, i) => client.SendAsync(request, unit.First + i)));
                for (var i = 0; i < unit.Requests.Count; i++)
                {
                    var request = unit.Requests[i];
                    var endpoint = endpoints.Take(unit.First + i);
                    var reached = endpoint is not null && byName.TryGetValue(endpoint, out var route) ? route : null;
                    var problems = Verdict.Problems(request, reached, responses[i]).ToList();
                    if (problems.Count > 0 && tally.Failed < SavedWhole && settings.SummaryFile is { } summaryFile)
                    {
                        // The first few wrong answers' requests, byte for byte, to send again by hand.
                        await File.WriteAllBytesAsync(Path.Combine(Path.GetDirectoryName(summaryFile)!, $"case-{unit.First + i}.http"), client.Frame(request, unit.First + i), CancellationToken.None);
                    }
                    tally.Add(unit.First + i, request, reached, endpoint, responses[i], problems);
                }
            });
        await health.StopAsync();
        var sent = clock.Elapsed - prepared;
        var after = await ServiceState.SettledAsync(Host);

        var unchanged = after.SequenceEqual(before, StringComparer.Ordinal);
        var summary = tally.Summary(settings, prepared, sent, health, before.Count, unchanged);
        output.WriteLine(summary);
        if (settings.SummaryFile is { } file)
        {
            await File.WriteAllTextAsync(file, summary);
        }
        var unreached = tally.Unreached(ReachedAtLeast);
        Assert.True(tally.Failed == 0 && unchanged && unreached.Count == 0 && health.Failures.Count == 0 && tally.Requests >= settings.Requests,
            $"{tally.Failed} of {tally.Requests} hostile requests answered wrongly:\n{string.Join("\n", tally.Failures)}\n" +
            (unchanged ? "" : $"\nThe service changed:\n  was: {string.Join("\n  was: ", before.Except(after, StringComparer.Ordinal))}\n  now: {string.Join("\n  now: ", after.Except(before, StringComparer.Ordinal))}\n") +
            (unreached.Count == 0 ? "" : $"\nRoutes whose requests (nearly) never reached their function: {string.Join(", ", unreached)}\n") +
            (health.Failures.Count == 0 ? "" : $"\nHealth did not answer 200 throughout:\n  {string.Join("\n  ", health.Failures.Take(20))}\n") +
            (tally.Requests >= settings.Requests ? "" : $"\nOnly {tally.Requests} of the {settings.Requests} requests asked for were sent.\n") +
            "\n" + summary);
    }

    /// <summary>
    /// What goes out, in order, each with its first case number: the fixed cases with the bursts spread among them, then
    /// <paramref name="randomCount"/> random variants drawn as they are needed, every <see cref="RandomPerBurst"/>th of them as a burst.
    /// </summary>
    private static IEnumerable<(int First, IReadOnlyList<HostileRequest> Requests)> Units(
        List<HostileRequest> fixedCases, List<IReadOnlyList<HostileRequest>> bursts, RandomCases random, int randomCount)
    {
        var next = 0;
        var spacing = Math.Max(1, fixedCases.Count / Math.Max(1, bursts.Count));
        var burst = 0;
        for (var i = 0; i < fixedCases.Count; i++)
        {
            yield return (next++, [fixedCases[i]]);
            if (i % spacing == spacing - 1 && burst < bursts.Count)
            {
                yield return (next, bursts[burst]);
                next += bursts[burst++].Count;
            }
        }
        for (; burst < bursts.Count; burst++)
        {
            yield return (next, bursts[burst]);
            next += bursts[burst].Count;
        }
        var end = next + randomCount;
        for (var unit = 1; next < end; unit++)
        {
            IReadOnlyList<HostileRequest> requests = unit % RandomPerBurst == 0 && end - next >= Bursts.Size ? Bursts.Of(random.Next()) : [random.Next()];
            yield return (next, requests);
            next += requests.Count;
        }
    }
}
