using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Storage.Links;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Links;

[Collection(AzuriteCollection.Name)]
public sealed class LinkRequestStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2019, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReserveAsync_OneAfterAnother_ThreeADayFiveMinutesApart_PerPersonAndInstance()
    {
        var store = new LinkRequestStore(await azurite.CreateAccountAsync());
        var id = TestData.Instance;
        var other = new InstanceId(TestData.Round.Id, TestData.Peer);

        Assert.Equal(RenewalVerdict.Allowed, await store.ReserveAsync(id, "pmo@example.org", Now));
        Assert.Equal(RenewalVerdict.TooSoon, await store.ReserveAsync(id, "PMO@example.org ", Now.AddMinutes(4)));
        Assert.Equal(RenewalVerdict.Allowed, await store.ReserveAsync(id, "pmo@example.org", Now.AddMinutes(5)));
        Assert.Equal(RenewalVerdict.Allowed, await store.ReserveAsync(id, "pmo@example.org", Now.AddMinutes(10)));
        Assert.Equal(RenewalVerdict.TooMany, await store.ReserveAsync(id, "pmo@example.org", Now.AddHours(2)));
        // Another person, or the same person on another instance, has limits of their own.
        Assert.Equal(RenewalVerdict.Allowed, await store.ReserveAsync(id, "director@example.org", Now.AddHours(2)));
        Assert.Equal(RenewalVerdict.Allowed, await store.ReserveAsync(other, "pmo@example.org", Now.AddHours(2)));
        // The first of the three leaves the window a day after it went.
        Assert.Equal(RenewalVerdict.Allowed, await store.ReserveAsync(id, "pmo@example.org", Now.AddHours(24)));
        Assert.Equal(RenewalVerdict.TooSoon, await store.ReserveAsync(id, "pmo@example.org", Now.AddHours(24).AddMinutes(1)));
    }

    [Fact]
    public async Task ReserveAsync_ManyAtOnce_ExactlyOnePasses()
    {
        var account = await azurite.CreateAccountAsync();
        // Each as if on a worker of its own, with a client of its own.
        var stores = Enumerable.Range(0, 12).Select(_ => new LinkRequestStore(account)).ToList();

        var verdicts = await Task.WhenAll(stores.Select(s => Task.Run(() => s.ReserveAsync(TestData.Instance, "pmo@example.org", Now))));

        Assert.Single(verdicts, RenewalVerdict.Allowed);
        Assert.All(verdicts.Where(v => v != RenewalVerdict.Allowed), v => Assert.Equal(RenewalVerdict.TooSoon, v));
    }

    [Fact]
    public async Task ReserveAsync_ThreeSpacedThenManyAtOnceLater_NoneOfThemPassesTheDailyLimit()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new LinkRequestStore(account);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(RenewalVerdict.Allowed, await store.ReserveAsync(TestData.Instance, "pmo@example.org", Now.AddMinutes(10 * i)));
        }

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            new LinkRequestStore(account).ReserveAsync(TestData.Instance, "pmo@example.org", Now.AddHours(1).AddSeconds(i)))));

        Assert.Single(verdicts, RenewalVerdict.Allowed);
        Assert.Equal(RenewalVerdict.TooMany, await store.ReserveAsync(TestData.Instance, "pmo@example.org", Now.AddHours(3)));
    }

    [Fact]
    public async Task ListAsync_AfterRecord_EveryRequestOfThatInstanceOldestFirst_WithWhatItSaid()
    {
        var account = await azurite.CreateAccountAsync();
        var store = new LinkRequestStore(account);
        var claims = new LinkClaimStore(account);
        var id = TestData.Instance;
        var other = new InstanceId(TestData.Round.Id, TestData.Peer);
        await claims.ClaimAsync(id, "nonce-1", Instance.Acknowledged());
        await store.ReserveAsync(id, "pmo@example.org", Now);

        await store.RecordAsync(new LinkRequest(Now.AddMinutes(2), id, "rd@example.org", LinkRequestKind.Reissue, LinkRequestOutcome.Sent, "203.0.113.7",
            "National team", "Lost the e-mail", new ActionLink(LinkAction.Decide, 2), "api:key-1"));
        await store.RecordAsync(new LinkRequest(Now, id, "pmo@example.org", LinkRequestKind.Renewal, LinkRequestOutcome.AddressMismatch, "127.0.0.1"));
        await store.RecordAsync(new LinkRequest(Now.AddMinutes(2), id, "pmo@example.org", LinkRequestKind.Renewal, LinkRequestOutcome.RateLimited, null));
        await store.RecordAsync(new LinkRequest(Now, other, "peer@example.org", LinkRequestKind.Renewal, LinkRequestOutcome.Sent, null));
        var listed = await store.ListAsync(id);

        // Oldest first; two in the same instant come in either order.
        Assert.Equal([Now, Now.AddMinutes(2), Now.AddMinutes(2)], listed.Select(r => r.At));
        Assert.Equal(LinkRequestOutcome.AddressMismatch, listed[0].Outcome);
        Assert.Equal(["RateLimited pmo@example.org", "Sent rd@example.org"], listed.Skip(1).Select(r => $"{r.Outcome} {r.Person}").Order(StringComparer.Ordinal));
        var reissue = Assert.Single(listed, r => r.Kind == LinkRequestKind.Reissue);
        Assert.Equal(new LinkRequest(Now.AddMinutes(2), id, "rd@example.org", LinkRequestKind.Reissue, LinkRequestOutcome.Sent, "203.0.113.7",
            "National team", "Lost the e-mail", new ActionLink(LinkAction.Decide, 2), "api:key-1"), reissue);
        Assert.Null(listed[0].Link);
        Assert.Single(await store.ListAsync(other));
    }

    private static class Instance
    {
        public static FootprintAcknowledged Acknowledged() => new(Now, 1, "rd@example.org");
    }
}
