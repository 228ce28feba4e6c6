using Azure.Data.Tables;
using Workflow.Orchestration;
using Workflow.Storage;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Everything the service has written: every row of its tables and every document kept, each with its ETag (which
/// changes on any write), how many integration events wait on the queue, the mail sent, and when each orchestration
/// last ran. Two equal snapshots mean nothing was written in between and no instance took anything.
/// </summary>
internal sealed record StorageSnapshot(IReadOnlyList<string> Rows, int Events, IReadOnlyList<string> Mail, IReadOnlyList<string> Orchestrations)
{
    public static async Task<StorageSnapshot> TakeAsync(TestHost host)
    {
        var orchestrations = new List<string>();
        foreach (var system in host.Systems)
        {
            var instance = await host.Durable.GetInstanceAsync(PlanningOrchestrator.InstanceIdFor(TestHost.Id(system)), getInputsAndOutputs: false);
            orchestrations.Add($"{system} {instance?.RuntimeStatus} {instance?.LastUpdatedAt:O}");
        }
        return await TakeAsync(host.Account) with { Mail = [.. host.Mail.Select(m => m.File)], Orchestrations = orchestrations };
    }

    /// <summary>The tables and the events queue alone, for functions run without a host, whose orchestrations are a test's mock.</summary>
    public static async Task<StorageSnapshot> TakeAsync(StorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var rows = new List<string>();
        foreach (var table in (TableClient[])[account.Journal, account.Status, account.Deliveries, account.Links, account.Rounds, account.Directory, account.Settings])
        {
            await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows.Add($"{table.Name} {row.PartitionKey} {row.RowKey} {row.ETag}");
            }
        }
        await foreach (var blob in account.Plans.GetBlobsAsync())
        {
            rows.Add($"{account.Plans.Name} {blob.Name} {blob.Properties.ETag}");
        }
        var events = (await account.Events.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        return new StorageSnapshot(rows, events, [], []);
    }

    public bool Equals(StorageSnapshot? other) =>
        other is not null && Rows.SequenceEqual(other.Rows) && Events == other.Events && Mail.SequenceEqual(other.Mail) && Orchestrations.SequenceEqual(other.Orchestrations);

    public override int GetHashCode() => Rows.Count;

    public override string ToString() => string.Join('\n', [.. Rows, $"events {Events}", .. Mail, .. Orchestrations]);
}
