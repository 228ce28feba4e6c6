using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Storage.Json;

namespace Workflow.Storage.Instances;

/// <summary>An instance's state as last committed, with the ETag that a commit must match.</summary>
public sealed record InstanceRecord(InstanceState State, ETag ETag);

/// <summary>One event to commit: the event, the state after it, and the outbox items it owes.</summary>
public sealed record Change(InstanceEvent Event, InstanceState After, IReadOnlyList<OutboxItem> Outbox)
{
    public Change(InstanceEvent evt, InstanceState after)
        : this(evt, after, [])
    {
    }
}

public sealed record StoredEvent(int Sequence, InstanceEvent Event);

/// <summary>
/// One partition per instance: the state row, its events in order, its outbox. Every commit is a table
/// transaction on that partition guarded by the state row's ETag, so of two racing workers exactly one wins.
/// </summary>
public sealed class InstanceStore(StorageAccount account)
{
    /// <summary>Azure refuses a table transaction of more than 100 operations.</summary>
    internal const int MaxTransactionOperations = 100;

    private const string StateRow = "state";
    private readonly TableClient _table = account.Instances;

    public static string PartitionKey(InstanceId id) => id.ToString();

    public async Task<InstanceRecord?> GetAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(id), StateRow, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }
        return ToRecord(response.Value!);
    }

    private static InstanceRecord ToRecord(TableEntity entity) =>
        new(JsonSerializer.Deserialize(LargeText.Read(entity), StorageJson.Default.InstanceState)!, entity.ETag);

    /// <summary>Creates the instance with its first event; false when it exists already.</summary>
    public async Task<bool> CreateAsync(InstanceState state, InstanceStarted started, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var partition = PartitionKey(state.Id);
        try
        {
            await _table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, StateEntity(partition, state)),
                new TableTransactionAction(TableTransactionActionType.Add, EventEntity(partition, 1, started)),
            ], cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Commits the changes after <paramref name="current"/>; null when another worker committed first (reload
    /// and decide again). More changes than one transaction holds go in several, each leaving a consistent state.
    /// </summary>
    public async Task<InstanceRecord?> CommitAsync(InstanceRecord current, IReadOnlyList<Change> changes, CancellationToken cancellationToken = default) =>
        await CommitAsync(current, changes, usedToken: null, cancellationToken);

    /// <summary>
    /// As <see cref="CommitAsync(InstanceRecord, IReadOnlyList{Change}, CancellationToken)"/>, also marking a
    /// single-use link token as used in the same transaction, so of two requests with one link exactly one acts.
    /// </summary>
    public async Task<InstanceRecord?> CommitAsync(InstanceRecord current, IReadOnlyList<Change> changes, string? usedToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changes);
        var partition = PartitionKey(current.State.Id);
        var record = current;
        // Split (and so checked) in full before the first write.
        foreach (var chunk in Chunk(changes, usedToken is null ? 0 : 1).ToList())
        {
            var after = chunk[^1].After;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, StateEntity(partition, after), record.ETag),
            };
            if (usedToken is not null && ReferenceEquals(record, current))
            {
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, TokenRow(usedToken)) { ["UsedAt"] = chunk[0].Event.At }));
            }
            foreach (var change in chunk)
            {
                actions.Add(new(TableTransactionActionType.Add, EventEntity(partition, change.After.Version, change.Event)));
                actions.AddRange(change.Outbox.Select(item => new TableTransactionAction(TableTransactionActionType.Add, OutboxEntity(partition, item))));
            }
            try
            {
                var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
                // A default ETag would make the next UpdateReplace go out without If-Match, an unguarded upsert.
                record = new InstanceRecord(after, response.Value[0].Headers.ETag
                    ?? throw new InvalidOperationException($"The commit of {partition} was answered without the state row's ETag."));
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 409)
            {
                return null;
            }
        }
        return record;
    }

    /// <summary>Whether a single-use link token has been used on this instance.</summary>
    public async Task<bool> IsTokenUsedAsync(InstanceId id, string token, CancellationToken cancellationToken = default) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(id), TokenRow(token), select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>Every outbox item of the instance, sent or not, for its history.</summary>
    public async Task<IReadOnlyList<OutboxItem>> OutboxAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        var partition = PartitionKey(id);
        var items = new List<OutboxItem>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"o-"} and RowKey lt {"o."}"), cancellationToken: cancellationToken))
        {
            items.Add(ToOutbox(entity));
        }
        return items;
    }

    public async Task<IReadOnlyList<StoredEvent>> HistoryAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        var partition = PartitionKey(id);
        var events = new List<StoredEvent>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"e-"} and RowKey lt {"e."}"), cancellationToken: cancellationToken))
        {
            var sequence = int.Parse(entity.RowKey.AsSpan(2), CultureInfo.InvariantCulture);
            events.Add(new StoredEvent(sequence, JsonSerializer.Deserialize(LargeText.Read(entity), StorageJson.Default.InstanceEvent)!));
        }
        return events;
    }

    /// <summary>
    /// The state row and the outbox items not yet sent, in one query of the instance's partition: what a woken
    /// instance needs to decide and to hand over mail a crash may have stranded. Null for an unknown instance.
    /// </summary>
    public async Task<(InstanceRecord Record, IReadOnlyList<OutboxItem> Unsent)?> GetWithUnsentAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        var partition = PartitionKey(id);
        var pending = OutboxStatus.Pending.ToString();
        InstanceRecord? record = null;
        var unsent = new List<OutboxItem>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and (RowKey eq {StateRow} or (RowKey ge {"o-"} and RowKey lt {"o."} and Status eq {pending}))"),
            cancellationToken: cancellationToken))
        {
            if (entity.RowKey == StateRow)
            {
                record = ToRecord(entity);
            }
            else
            {
                unsent.Add(ToOutbox(entity));
            }
        }
        return record is null ? null : (record, unsent);
    }

    public async Task<OutboxItem?> GetOutboxAsync(InstanceId id, string row, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(id), row, cancellationToken: cancellationToken);
        return response.HasValue ? ToOutbox(response.Value!) : null;
    }

    /// <summary>Records what became of an outbox item; false when someone else changed it first.</summary>
    public async Task<bool> UpdateOutboxAsync(InstanceId id, OutboxItem item, CancellationToken cancellationToken = default) =>
        await ReplaceOutboxAsync(id, item, cancellationToken) is not null;

    /// <summary>Writes the item over the one read (matching its ETag); the item as written, with its new ETag, or null when someone else changed it first.</summary>
    public async Task<OutboxItem?> ReplaceOutboxAsync(InstanceId id, OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            var response = await _table.UpdateEntityAsync(OutboxEntity(PartitionKey(id), item), item.ETag, TableUpdateMode.Replace, cancellationToken);
            return item with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    /// <summary>Deletes every row of an instance; for tests and for clearing a rehearsal round.</summary>
    public async Task DeleteAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        var partition = PartitionKey(id);
        var batch = new List<TableTransactionAction>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, entity));
            if (batch.Count == MaxTransactionOperations)
            {
                await _table.SubmitTransactionAsync(batch, cancellationToken);
                batch.Clear();
            }
        }
        if (batch.Count > 0)
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    /// <summary>
    /// Splits changes so each transaction, with its state row (and in the first, <paramref name="reserved"/>
    /// more rows), stays within the limit.
    /// </summary>
    internal static IEnumerable<IReadOnlyList<Change>> Chunk(IReadOnlyList<Change> changes, int reserved = 0)
    {
        var chunk = new List<Change>();
        var operations = 1 + reserved;
        foreach (var change in changes)
        {
            var cost = 1 + change.Outbox.Count;
            if (1 + reserved + cost > MaxTransactionOperations)
            {
                throw new ArgumentException(
                    $"A change owes {change.Outbox.Count} outbox items; one transaction holds at most {MaxTransactionOperations - 2} with its state and event rows.",
                    nameof(changes));
            }
            if (operations + cost > MaxTransactionOperations)
            {
                yield return chunk;
                chunk = [];
                operations = 1;
            }
            chunk.Add(change);
            operations += cost;
        }
        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>A message's delivery rows, one per address, sort together after this.</summary>

    /// <summary>Tokens are base64url, whose characters a row key allows.</summary>
    private static string TokenRow(string token) => $"t-{token}";

    private static TableEntity StateEntity(string partition, InstanceState state)
    {
        var entity = new TableEntity(partition, StateRow)
        {
            ["Version"] = state.Version,
            ["Stage"] = state.Stage.ToString(),
        };
        LargeText.Write(entity, JsonSerializer.Serialize(state, StorageJson.Default.InstanceState));
        return entity;
    }

    private static TableEntity EventEntity(string partition, int sequence, InstanceEvent evt)
    {
        var entity = new TableEntity(partition, $"e-{sequence:D10}")
        {
            ["Type"] = evt.GetType().Name,
            ["At"] = evt.At,
        };
        LargeText.Write(entity, JsonSerializer.Serialize(evt, StorageJson.Default.InstanceEvent));
        return entity;
    }

    private static TableEntity OutboxEntity(string partition, OutboxItem item)
    {
        var entity = new TableEntity(partition, item.Row)
        {
            ["CommandId"] = item.Id,
            ["Kind"] = item.Kind.ToString(),
            ["Status"] = item.Status.ToString(),
            ["Attempts"] = item.Attempts,
            ["Error"] = item.Error,
            ["SentAt"] = item.SentAt,
            ["ClaimedUntil"] = item.ClaimedUntil,
            ["NextTryAt"] = item.NextTryAt,
            ["CommittedAt"] = item.CommittedAt,
        };
        LargeText.Write(entity, item.Payload);
        return entity;
    }

    private static OutboxItem ToOutbox(TableEntity entity) =>
        new(entity.GetString("CommandId"), Enum.Parse<OutboxKind>(entity.GetString("Kind")), LargeText.Read(entity))
        {
            Status = Enum.Parse<OutboxStatus>(entity.GetString("Status")),
            Attempts = entity.GetInt32("Attempts") ?? 0,
            Error = entity.GetString("Error"),
            SentAt = entity.GetDateTimeOffset("SentAt"),
            ClaimedUntil = entity.GetDateTimeOffset("ClaimedUntil"),
            NextTryAt = entity.GetDateTimeOffset("NextTryAt"),
            CommittedAt = entity.GetDateTimeOffset("CommittedAt"),
            ETag = entity.ETag,
        };
}
