using System.Net;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Storage.Directory;
using Workflow.Storage.Instances;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Instances;

/// <summary>
/// Azure refuses a table transaction that spans partitions, or holds more than 100 operations; Azurite accepts the
/// first. So these tests read the transactions off the wire, through a relay in front of the table endpoint.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class TransactionPartitionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EveryTransaction_StaysInOnePartitionAndWithinTheLimit()
    {
        await using var proxy = Relay(out var connectionString);
        var account = new StorageAccount(azurite.NewOptions(connectionString));
        await account.InitializeAsync();
        var store = new InstanceStore(account);
        var busy = InstanceScript.EventfulRound();
        var quiet = new InstanceScript(new InstanceId(TestData.Round.Id, TestData.Peer));

        foreach (var script in new[] { busy, quiet })
        {
            Assert.True(await store.CreateAsync(script.Initial, script.Started));
            var created = (await store.GetAsync(script.Initial.Id))!;
            var committed = await store.CommitAsync(created, script.Changes);
            Assert.NotNull(committed);
            Assert.Null(await store.CommitAsync(created, script.Changes));
            Assert.NotNull(await store.CommitAsync(committed, InstanceScript.Reminders(committed.State, 80)));
        }
        await store.DeleteAsync(busy.Initial.Id);
        await new DirectoryStore(account).SeedAsync(TestData.Directory);

        if (proxy is null)
        {
            return; // A real Azure account refused any mixed transaction above, by failing the call.
        }
        var batches = proxy.Batches();
        // For each instance: the create, its commit, the refused commit, 80 reminders in two; then the delete and the seed.
        Assert.True(batches.Count >= 12, $"saw {batches.Count} transactions");
        Assert.Contains(batches, b => b.Operations == InstanceStore.MaxTransactionOperations - 1);
        Assert.All(batches, batch =>
        {
            Assert.True(batch.PartitionKeys.Count == 1, $"a transaction spans partitions {string.Join(", ", batch.PartitionKeys)}");
            Assert.InRange(batch.Operations, 1, InstanceStore.MaxTransactionOperations);
        });
    }

    [Fact]
    public async Task TheWireCheck_SeesAMixedTransaction_ThatAzuriteAccepts()
    {
        await using var proxy = Relay(out var connectionString);
        if (proxy is null)
        {
            return; // Only Azurite needs the check; Azure refuses such a transaction itself.
        }
        var account = new StorageAccount(azurite.NewOptions(connectionString));
        await account.InitializeAsync();

        await account.Instances.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("2019-20|E54000006", "state")),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("2019-20|E54000005", "e-0000000001")),
            new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity("2019-20|E54000005", "e-0000000002")),
        ]);

        var batch = Assert.Single(proxy.Batches());
        Assert.Equal(3, batch.Operations);
        Assert.Equal(["2019-20|E54000005", "2019-20|E54000006"], batch.PartitionKeys.Order(StringComparer.Ordinal));
    }

    /// <summary>A relay to the fixture's table endpoint, and the connection string that goes through it; none for HTTPS.</summary>
    private RecordingProxy? Relay(out string connectionString)
    {
        connectionString = azurite.ConnectionString;
        if (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            connectionString = AzuriteFixture.ConnectionStringFor(10000, 10001, 10002);
        }
        var endpoint = TableEndpoint().Match(connectionString);
        if (!endpoint.Success)
        {
            return null;
        }
        var host = endpoint.Groups["host"].Value;
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        var proxy = new RecordingProxy(new IPEndPoint(address, int.Parse(endpoint.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        connectionString = TableEndpoint().Replace(connectionString, $"TableEndpoint=http://127.0.0.1:{proxy.Port}/");
        return proxy;
    }

    [GeneratedRegex(@"TableEndpoint=http://(?<host>[^:/;]+):(?<port>\d+)/", RegexOptions.IgnoreCase)]
    private static partial Regex TableEndpoint();
}
