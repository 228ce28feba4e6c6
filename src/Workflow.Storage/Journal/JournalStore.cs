using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Storage.Json;

namespace Workflow.Storage.Journal;

/// <summary>An instance as last projected: its state and the table's tag for it.</summary>
public sealed record Snapshot(InstanceState State, ETag ETag);

/// <summary>
/// Each instance's journal, one partition per instance: a row per event applied (keyed by the version it made), a row
/// per event refused (keyed by its id), and a snapshot of the state as of the latest projection. What pages and the
/// API read, so they never read orchestration history.
/// </summary>
public sealed class JournalStore(StorageAccount account)
{
    private const string SnapshotRow = "snapshot";
    private const int MaxBatch = 100;
    private readonly TableClient _table = account.Journal;

    /// <summary>
    /// Writes the snapshot, unless a newer one is there already, and the lines. Lines are keyed by what they record,
    /// so writing the same projection twice (an activity run again) leaves the journal as one write would.
    /// </summary>
    public async Task ProjectAsync(InstanceState state, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(entries);
        var partition = state.Id.ToString();
        // The snapshot goes first: whoever finds an event's line can then read a state that includes it.
        await WriteSnapshotAsync(partition, state, cancellationToken);
        foreach (var chunk in entries.Select(e => ToEntity(partition, e)).Chunk(MaxBatch))
        {
            await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
    }

    private async Task WriteSnapshotAsync(string partition, InstanceState state, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await GetAsync(state.Id, cancellationToken);
            if (stored is not null && stored.State.Version >= state.Version)
            {
                return;
            }
            var entity = new TableEntity(partition, SnapshotRow) { ["Version"] = state.Version };
            LargeText.Write(entity, JsonSerializer.Serialize(state, StorageJson.Default.InstanceState));
            try
            {
                if (stored is null)
                {
                    await _table.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another projection got there between the read and the write: read again and compare versions.
            }
        }
    }

    /// <summary>The state as last projected, or null for an instance never projected.</summary>
    public async Task<Snapshot?> GetAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id.ToString(), SnapshotRow, cancellationToken: cancellationToken);
        return found.HasValue
            ? new Snapshot(JsonSerializer.Deserialize(LargeText.Read(found.Value!), StorageJson.Default.InstanceState)!, found.Value!.ETag)
            : null;
    }

    /// <summary>The journal in order: applied events by version, with the refusals among them at the version they were refused at.</summary>
    public async Task<IReadOnlyList<JournalEntry>> ReadAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        var lines = new List<JournalEntry>();
        var partition = id.ToString();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ne {SnapshotRow}"), cancellationToken: cancellationToken))
        {
            lines.Add(FromEntity(entity));
        }
        return [.. lines.OrderBy(l => l.Version).ThenBy(l => l.Refusal is null ? 0 : 1)];
    }

    /// <summary>The line that records the event with this id, applied or refused, once the orchestration has projected it.</summary>
    public async Task<JournalEntry?> FindAsync(InstanceId id, string eventId, CancellationToken cancellationToken = default)
    {
        var partition = id.ToString();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and EventId eq {eventId}"), cancellationToken: cancellationToken))
        {
            return FromEntity(entity);
        }
        return null;
    }

    private static TableEntity ToEntity(string partition, JournalEntry entry)
    {
        // A refused event made no version, so it is keyed by its id, which may hold characters a row key may not.
        var row = entry.Refusal is null ? $"e-{entry.Version:D8}" : $"r-{StorageKeys.Hash(entry.EventId ?? "")}";
        var entity = new TableEntity(partition, row)
        {
            ["Version"] = entry.Version,
            ["EventId"] = entry.EventId,
            ["Refusal"] = entry.Refusal,
        };
        LargeText.Write(entity, JsonSerializer.Serialize(entry.Event, StorageJson.Default.InstanceEvent));
        return entity;
    }

    private static JournalEntry FromEntity(TableEntity entity) => new(
        JsonSerializer.Deserialize(LargeText.Read(entity), StorageJson.Default.InstanceEvent)!,
        entity.GetInt32("Version") ?? 0,
        entity.GetString("EventId"),
        entity.GetString("Refusal"));
}
