using System.Text.Json.Nodes;
using Workflow.Core;
using Workflow.Core.Rounds;
using Workflow.Storage.Rounds;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Rounds;

[Collection(AzuriteCollection.Name)]
public sealed class RoundStoreTests(AzuriteFixture azurite)
{
    private static (Round Round, string Json) Version(int version)
    {
        var node = JsonNode.Parse(TestData.RoundJson)!.AsObject();
        node["version"] = version;
        node["title"] = $"2019/20 round, timetable version {version}";
        var json = node.ToJsonString();
        return (RoundParser.Parse(json, TestData.Calendar).GetValueOrThrow("a version of the shipped round"), json);
    }

    [Fact]
    public async Task AddAsync_SameVersionTwice_SecondReturnsFalse()
    {
        var store = new RoundStore(await azurite.CreateAccountAsync());

        Assert.True(await store.AddAsync(TestData.Round, TestData.RoundJson));
        Assert.False(await store.AddAsync(Version(1).Round, Version(1).Json));

        var latest = await store.GetLatestAsync(TestData.Round.Id, TestData.Calendar);
        Assert.Equal(TestData.RoundJson, latest!.Json);
    }

    [Fact]
    public async Task GetLatestAsync_ReturnsTheHighestVersion()
    {
        var store = new RoundStore(await azurite.CreateAccountAsync());
        foreach (var version in new[] { 1, 10, 9, 2 })
        {
            var (round, json) = Version(version);
            Assert.True(await store.AddAsync(round, json));
        }

        var latest = await store.GetLatestAsync(TestData.Round.Id, TestData.Calendar);

        Assert.Equal(10, latest!.Round.Version);
        Assert.Equal(Version(10).Json, latest.Json);
        Assert.Equal(TestData.Round.FixedDue(Milestone.Final), latest.Round.FixedDue(Milestone.Final));
        Assert.Null(await store.GetLatestAsync(new RoundId("2020-21"), TestData.Calendar));
    }

    [Fact]
    public async Task ListAsync_ListsEveryVersionWithItsTitle()
    {
        var store = new RoundStore(await azurite.CreateAccountAsync());
        await store.AddAsync(TestData.Round, TestData.RoundJson);
        await store.AddAsync(Version(2).Round, Version(2).Json);

        var rounds = await store.ListAsync();

        Assert.Equal(
            [(TestData.Round.Id, 1, TestData.Round.Definition.Title), (TestData.Round.Id, 2, "2019/20 round, timetable version 2")],
            rounds.OrderBy(r => r.Version));
    }
}
