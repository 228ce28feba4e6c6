using System.Diagnostics;
using System.Globalization;
using Workflow.EndToEnd.Tests.Support;
using Workflow.LocalHost.Functions;
using Xunit.Abstractions;

namespace Workflow.EndToEnd.Tests.Fuzz;

/// <summary>
/// Hostile requests, from a fixed seed, on every HTTP route the service has, against one running service: none is a
/// server error, every refusal says why in the route's own form, every page carries its headers, and afterwards nothing
/// at all has changed (every instance's journal, the mail, the rounds, delegations and the clock).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostileRequestTests(FuzzHostFixture fixture, ITestOutputHelper output) : LinkHostTests(fixture), IClassFixture<FuzzHostFixture>
{
    /// <summary>A route's fuzzer must get this many of its requests to the function itself, or it fuzzes only the router.</summary>
    private const int ReachedAtLeast = 5;

    private const int InParallel = 4;

    private static readonly IReadOnlyDictionary<string, RouteFuzzer> Fuzzers =
        new[] { ApiFuzzers.All, LinkFuzzers.All, PageFuzzers.All }.SelectMany(d => d).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

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
    public async Task HostileRequests_OnEveryRoute_RefusedWithReasons_NothingChanged()
    {
        var clock = Stopwatch.StartNew();
        var targets = await fixture.TargetsAsync();
        var routes = Routes.Where(r => Fuzzers.ContainsKey(r.Function)).ToList();
        var byName = routes.ToDictionary(r => r.Function, StringComparer.Ordinal);
        var cases = routes.SelectMany(r => Fuzzers[r.Function].Cases(targets, r)).ToList();
        var before = await ServiceState.SettledAsync(Host);
        var prepared = clock.Elapsed;

        using var endpoints = new EndpointLog(Host.Get<DiagnosticListener>());
        var client = new WireClient(Host.BaseAddress, targets.AntiforgeryCookie);
        var responses = new WireResponse[cases.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count), new ParallelOptions { MaxDegreeOfParallelism = InParallel },
            async (i, _) => responses[i] = await client.SendAsync(cases[i], i));
        var sent = clock.Elapsed - prepared;

        var failures = new List<string>();
        var reachedCounts = routes.ToDictionary(r => r.Function, _ => 0, StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            var reached = endpoints.EndpointOf(i) is { } name && byName.TryGetValue(name, out var route) ? route : null;
            if (reached?.Function == cases[i].Function)
            {
                reachedCounts[reached.Function]++;
            }
            failures.AddRange(Verdict.Problems(cases[i], reached, responses[i])
                .Select(p => $"#{i} {cases[i]}\n    reached {reached?.Function ?? endpoints.EndpointOf(i) ?? "no function"}; {p}; answered {responses[i].Status} {responses[i].MediaType}: {responses[i].Excerpt}"));
        }
        var after = await ServiceState.SettledAsync(Host);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cases.Count} hostile requests on {routes.Count} routes, sent in {sent.TotalSeconds:F1} s (prepared in {prepared.TotalSeconds:F1} s)."));
        foreach (var route in routes)
        {
            var mine = Enumerable.Range(0, cases.Count).Where(i => cases[i].Function == route.Function).ToList();
            output.WriteLine($"{route,-70} {mine.Count,4} requests, {reachedCounts[route.Function],4} reached it; " +
                string.Join(", ", mine.GroupBy(i => responses[i].Status).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}")));
        }
        var unreached = reachedCounts.Where(p => p.Value < ReachedAtLeast).Select(p => $"{p.Key} ({p.Value})").ToList();
        var unchanged = after.SequenceEqual(before, StringComparer.Ordinal);
        Assert.True(failures.Count == 0 && unchanged && unreached.Count == 0,
            $"{failures.Count} of {cases.Count} hostile requests answered wrongly:\n{string.Join("\n", failures.Take(80))}\n" +
            (unchanged ? "" : $"\nThe service changed:\n  was: {string.Join("\n  was: ", before.Except(after, StringComparer.Ordinal))}\n  now: {string.Join("\n  now: ", after.Except(before, StringComparer.Ordinal))}\n") +
            (unreached.Count == 0 ? "" : $"\nRoutes whose requests (nearly) never reached their function: {string.Join(", ", unreached)}"));
    }
}
