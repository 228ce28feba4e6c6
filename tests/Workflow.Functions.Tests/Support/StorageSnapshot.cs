using Azure.Data.Tables;
using Workflow.Storage;

namespace Workflow.Functions.Tests.Support;

/// <summary>
/// Everything the service has written: every table row with its ETag (which changes on any write), how many
/// messages each queue holds, and the mail sent. Two equal snapshots mean nothing was written in between.
/// </summary>
internal sealed record StorageSnapshot(IReadOnlyList<string> Rows, IReadOnlyList<int> Queues, IReadOnlyList<string> Mail)
{
    public static async Task<StorageSnapshot> TakeAsync(TestHost host)
    {
        var account = host.Account;
        var rows = new List<string>();
        foreach (var table in (TableClient[])[account.Instances, account.Schedule, account.Status, account.Rounds, account.Directory])
        {
            await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows.Add($"{table.Name} {row.PartitionKey} {row.RowKey} {row.ETag}");
            }
        }
        var queues = new List<int>();
        foreach (var queue in (Azure.Storage.Queues.QueueClient[])[account.Outbox, account.OutboxPoison, account.Events])
        {
            queues.Add((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }
        return new StorageSnapshot(rows, queues, [.. host.Mail.Select(m => m.File)]);
    }

    public bool Equals(StorageSnapshot? other) =>
        other is not null && Rows.SequenceEqual(other.Rows) && Queues.SequenceEqual(other.Queues) && Mail.SequenceEqual(other.Mail);

    public override int GetHashCode() => Rows.Count;
}
