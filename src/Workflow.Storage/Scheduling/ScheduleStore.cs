using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Workflow.Core;

namespace Workflow.Storage.Scheduling;

/// <summary>A wake-up found due: the instance, the time it asked for, and the row to remove once handled.</summary>
public sealed record WakeUp(InstanceId Instance, DateTimeOffset At, string Partition, ETag ETag);

/// <summary>
/// Durable timers: one row per (hour bucket, instance). A row is written before the commit that needs it,
/// so a crash can only leave a wake-up early or stale, which does nothing and reschedules.
/// </summary>
public sealed class ScheduleStore(StorageAccount account)
{
    private readonly TableClient _table = account.Schedule;

    public static string Bucket(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    public async Task SetAsync(InstanceId instance, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(Bucket(at), instance.ToString()) { ["At"] = at };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every wake-up due by <paramref name="now"/>, earliest first.</summary>
    public async Task<IReadOnlyList<WakeUp>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var due = new List<WakeUp>();
        var bucket = Bucket(now);
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey le {bucket} and At le {now}"), cancellationToken: cancellationToken))
        {
            if (InstanceId.TryParse(entity.RowKey, out var instance) && entity.GetDateTimeOffset("At") is { } at)
            {
                due.Add(new WakeUp(instance, at, entity.PartitionKey, entity.ETag));
            }
        }
        return [.. due.OrderBy(w => w.At)];
    }

    /// <summary>Removes a handled wake-up, unless it was moved meanwhile (then it is kept for its new time).</summary>
    public async Task RemoveAsync(WakeUp wakeUp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wakeUp);
        try
        {
            await _table.DeleteEntityAsync(wakeUp.Partition, wakeUp.Instance.ToString(), wakeUp.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone already, or rescheduled in the same hour: either way nothing is lost.
        }
    }

    public async Task<DateTimeOffset?> NextAsync(InstanceId instance, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? next = null;
        var key = instance.ToString();
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {key}"), cancellationToken: cancellationToken))
        {
            if (entity.GetDateTimeOffset("At") is { } at && (next is null || at < next))
            {
                next = at;
            }
        }
        return next;
    }
}
