using System.Collections.Concurrent;
using Azure;
using System.Collections.Immutable;
using System.Text.Json;
using Azure.Data.Tables;
using Workflow.Storage.Json;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Storage.Status;

/// <summary>
/// The status projection, one row per instance in its round's partition so one query reads a whole round: rewritten
/// after each commit, but never by an older version of the instance.
/// </summary>
public sealed class StatusStore(StorageAccount account)
{
    private readonly TableClient _table = account.Status;

    /// <summary>
    /// The version and ETag of each row as this process last wrote or read it. Storage stays the judge: a write
    /// with a remembered ETag that another process has overtaken fails its If-Match and falls back to a read. It
    /// saves the read before nearly every write, since one process usually runs an instance many times in a row.
    /// </summary>
    private readonly ConcurrentDictionary<InstanceId, (int Version, ETag ETag)> _known = new();

    /// <summary>Writes the row unless a newer version is there already; true when written.</summary>
    public async Task<bool> WriteAsync(InstanceStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (_known.TryGetValue(status.Instance, out var known))
        {
            // A row's version never goes down, so one this process saw at or past ours is still there.
            if (known.Version >= status.Version)
            {
                return false;
            }
            try
            {
                var response = await _table.UpdateEntityAsync(ToEntity(status), known.ETag, TableUpdateMode.Replace, cancellationToken);
                Remember(status.Instance, status.Version, response.Headers.ETag);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Another process wrote since (or the row is gone): read what is there and compare versions.
            }
        }
        var partition = status.Instance.Round.Value;
        var row = status.Instance.System.Value;
        // Each lost race means another writer stored a higher version, and versions are bounded by ours (past it we
        // stop), so this ends; a fixed number of tries would leave an older row behind under contention.
        while (true)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    Remember(status.Instance, status.Version, (await _table.AddEntityAsync(ToEntity(status), cancellationToken)).Headers.ETag);
                    return true;
                }
                var stored = existing.Value!.GetInt32("Version") ?? 0;
                if (stored >= status.Version)
                {
                    Remember(status.Instance, stored, existing.Value.ETag);
                    return false;
                }
                Remember(status.Instance, status.Version,
                    (await _table.UpdateEntityAsync(ToEntity(status), existing.Value.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another writer got there between the read and the write: read again and compare versions.
            }
        }
    }

    /// <summary>Keeps the higher version when writers in this process race; a response without an ETag teaches nothing.</summary>
    private void Remember(InstanceId instance, int version, ETag? etag)
    {
        if (etag is not { } known)
        {
            return;
        }
        _known.AddOrUpdate(instance, (version, known), (_, current) => current.Version >= version ? current : (version, known));
    }

    public async Task<InstanceStatus?> GetAsync(InstanceId instance, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(instance.Round.Value, instance.System.Value, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<IReadOnlyList<InstanceStatus>> ListAsync(RoundId round, CancellationToken cancellationToken = default)
    {
        var rows = new List<InstanceStatus>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {round.Value}"), cancellationToken: cancellationToken))
        {
            rows.Add(FromEntity(entity));
        }
        return rows;
    }

    private static TableEntity ToEntity(InstanceStatus status) => new(status.Instance.Round.Value, status.Instance.System.Value)
    {
        ["Region"] = status.Region.Value,
        ["Version"] = status.Version,
        ["Stage"] = status.Stage.ToString(),
        ["Suspended"] = status.Suspended,
        ["PlanVersion"] = status.PlanVersion,
        ["NextMilestone"] = status.NextMilestone,
        ["NextDue"] = status.NextDue,
        ["Escalation"] = status.Escalation.ToString(),
        ["EscalatedMilestone"] = status.EscalatedMilestone,
        ["UpdatedAt"] = status.UpdatedAt,
        ["Milestones"] = JsonSerializer.Serialize(status.Milestones, StorageJson.Default.ImmutableArrayMilestoneFacts),
        ["Undelivered"] = status.Undelivered,
    };

    private static InstanceStatus FromEntity(TableEntity entity) => new(
        new InstanceId(new RoundId(entity.PartitionKey), new SystemCode(entity.RowKey)),
        new RegionCode(entity.GetString("Region")),
        entity.GetInt32("Version") ?? 0,
        Enum.Parse<Stage>(entity.GetString("Stage")),
        entity.GetBoolean("Suspended") ?? false,
        entity.GetInt32("PlanVersion") ?? 0,
        entity.GetString("NextMilestone"),
        entity.GetDateTimeOffset("NextDue"),
        Enum.Parse<LadderLevel>(entity.GetString("Escalation")),
        entity.GetString("EscalatedMilestone"),
        entity.GetDateTimeOffset("UpdatedAt") ?? default,
        // A row written before the matrix was kept has no milestones until its instance is next projected.
        entity.GetString("Milestones") is { } milestones ? JsonSerializer.Deserialize(milestones, StorageJson.Default.ImmutableArrayMilestoneFacts) : [],
        entity.GetInt32("Undelivered") ?? 0);
}
