using System.Diagnostics;
using System.Net;
using Workflow.Core.Instances;
using Workflow.EndToEnd.Tests.Support;
using Xunit.Abstractions;
using static Workflow.EndToEnd.Tests.Links.LinkAttackTests;
using static Workflow.EndToEnd.Tests.Support.Form;

namespace Workflow.EndToEnd.Tests.Links;

/// <summary>
/// A double click, a resent form, two tabs: several POSTs of one link's form at the same instant. Exactly one
/// decision is recorded each time; every other answer is "Already recorded" (for two links of one version, "Already
/// decided" or a clean conflict page), never a second decision and never an error. Repeated on fresh instances, each with its own link.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LinkRaceTests(LinkHostFixture fixture, ITestOutputHelper output) : LinkHostTests(fixture), IClassFixture<LinkHostFixture>
{
    private const int Racers = 4;

    /// <summary>Twenty systems, one fresh instance for each round of the race.</summary>
    private static readonly string[] Systems =
    [
        "E54000005", "E54000006", "E54000007", "E54000008", "E54000009", "E54000010", "E54000011", "E54000012", "E54000013", "E54000014",
        "E54000015", "E54000016", "E54000017", "E54000018", "E54000019", "E54000020", "E54000021", "E54000022", "E54000023", "E54000024",
    ];

    /// <summary>Other systems, for two different links (the request and a reminder) sent at once.</summary>
    private static readonly string[] TwoLinkSystems = ["E54000025", "E54000026", "E54000028", "E54000029", "E54000030", "E54000031"];

    [Fact]
    public async Task SameLinkPostedAtOnce_ExactlyOneDecision_TheOthersAlreadyRecorded()
    {
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        var overlapped = 0;
        for (var round = 0; round < Systems.Length; round++)
        {
            var system = Systems[round];
            await Host.AwaitingAgreementAsync(system);
            var link = Host.LinkPath(LinkAction.Decide, system, Host.Director(system).Email, 1);
            using var client = new LinkClient(Host.BaseAddress);
            var (_, antiforgery) = await client.OpenFormAsync(link);
            // Alternate the outcomes, so both kinds of decision race.
            var fields = round % 2 == 0
                ? new[] { antiforgery, Field("outcome", "agreed"), Field("comment", "") }
                : [antiforgery, Field("outcome", "changes-requested"), Field("comment", $"Round {round}: show the workforce numbers.")];

            var (pages, together) = await AtOnceAsync(Racers, _ => client.PostFormAsync(link, fields));
            overlapped += together ? 1 : 0;

            foreach (var page in pages)
            {
                var key = $"{(int)page.Status} {page.Heading}";
                answers[key] = answers.GetValueOrDefault(key) + 1;
            }
            Assert.True(pages.Count(p => p.Status == HttpStatusCode.OK && p.Heading == "Recorded") == 1, $"Round {round} ({system}): {string.Join(" | ", pages.Select(p => p.ToString()))}");
            // The link is single-use: whichever request lost, at the door or at the commit, is told it was recorded already.
            Assert.All(pages, p => Assert.True(p.Status == HttpStatusCode.OK && p.Heading is "Recorded" or "Already recorded", $"Round {round} ({system}): {p}"));
            var after = await Host.InstanceAsync(system);
            var decision = Assert.Single(after.Decisions);
            Assert.Equal(round % 2 == 0 ? "agreed" : "changes-requested", after.Stage);
            Assert.Equal(1, decision.GetProperty("planVersion").GetInt32());
            AssertNumberedOnce(after);
        }
        output.WriteLine(string.Join("\n", answers.Select(a => $"{a.Value,3} × {a.Key}")));
        output.WriteLine($"Rounds whose {Racers} requests were all in flight at once: {overlapped} of {Systems.Length}");
        // The requests really overlapped: in some rounds every one was sent before any was answered.
        Assert.True(overlapped > 0, "The requests of a round were never all in flight at once: the race was not run.");
    }

    [Fact]
    public async Task TwoLinksOfOneVersionPostedAtOnce_ExactlyOneDecision()
    {
        foreach (var system in TwoLinkSystems)
        {
            await Host.AwaitingAgreementAsync(system);
            var director = Host.Director(system).Email;
            var links = new[] { Host.LinkPath(LinkAction.Decide, system, director, 1), Host.LinkPath(LinkAction.Decide, system, director, 1) };
            using var client = new LinkClient(Host.BaseAddress);
            var (_, antiforgery) = await client.OpenFormAsync(links[0]);

            // One link agrees while the other asks for changes: one of them wins, whole.
            var (pages, _) = await AtOnceAsync(2, i => client.PostFormAsync(links[i],
                antiforgery, Field("outcome", i == 0 ? "agreed" : "changes-requested"), Field("comment", "Raced.")));

            Assert.True(pages.Count(p => p.Heading == "Recorded") == 1, string.Join(" | ", pages.Select(p => p.ToString())));
            var loser = pages.Single(p => p.Heading != "Recorded");
            Assert.True(
                (loser.Status == HttpStatusCode.OK && loser.Heading == "Already decided") || (loser.Status == HttpStatusCode.Conflict && loser.Heading == "This cannot be recorded now"),
                loser.ToString());
            var after = await Host.InstanceAsync(system);
            Assert.Single(after.Decisions);
            AssertNumberedOnce(after);
        }
    }

    /// <summary>
    /// Starts <paramref name="count"/> requests on their own threads and lets them go together; <c>Together</c> tells
    /// whether the last was sent before the first was answered.
    /// </summary>
    private static async Task<(Page[] Pages, bool Together)> AtOnceAsync(int count, Func<int, Task<Page>> send)
    {
        using var ready = new CountdownEvent(count);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            ready.Signal();
            await go.Task;
            var sent = Stopwatch.GetTimestamp();
            var page = await send(i);
            return (Page: page, Sent: sent, Answered: Stopwatch.GetTimestamp());
        })).ToArray();
        ready.Wait(TimeSpan.FromSeconds(30));
        go.SetResult();
        var done = await Task.WhenAll(racers);
        return ([.. done.Select(d => d.Page)], done.Max(d => d.Sent) < done.Min(d => d.Answered));
    }

    /// <summary>Events numbered 1, 2, 3… with no gap or repeat.</summary>
    private static void AssertNumberedOnce(InstanceFacts facts) =>
        Assert.Equal(facts.Version, facts.History.Count);
}
