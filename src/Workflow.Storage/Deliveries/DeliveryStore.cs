using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Instances;

namespace Workflow.Storage.Deliveries;

/// <summary>
/// Who has had which message, one partition per instance and a row per command and address, kept where every worker
/// sees it and a restart does not lose it: a send tried again, on any worker, goes only to those not yet sent to.
/// </summary>
public sealed class DeliveryStore(StorageAccount account)
{
    private readonly TableClient _table = account.Deliveries;

    /// <summary>The addresses that have had their copy of command <paramref name="commandId"/>, compared ignoring case.</summary>
    public async Task<IReadOnlySet<string>> SentToAsync(InstanceId id, string commandId, CancellationToken cancellationToken = default)
    {
        var partition = id.ToString();
        var prefix = Prefix(commandId);
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix + "-"} and RowKey lt {prefix + "."}"),
            select: ["Email"], cancellationToken: cancellationToken))
        {
            emails.Add(entity.GetString("Email"));
        }
        return emails;
    }

    /// <summary>
    /// Records what the mail service said of one copy, unless it is event <paramref name="eventId"/> again or news that
    /// <see cref="MailStatuses.Replaces"/> says does not replace what is known; true when the record changed.
    /// </summary>
    public async Task<bool> RecordStatusAsync(
        InstanceId id, string commandId, string email, MailStatus status, DateTimeOffset at, string eventId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var row = Row(commandId, email);
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(id.ToString(), row, cancellationToken: cancellationToken);
        var known = existing.HasValue ? existing.Value : null;
        MailStatus? current = Enum.TryParse<MailStatus>(known?.GetString("Status"), out var parsed) ? parsed : null;
        if (known?.GetString("StatusEventId") == eventId || !status.Replaces(at, current, known?.GetDateTimeOffset("StatusAt") ?? default))
        {
            return false;
        }
        var entity = new TableEntity(id.ToString(), row)
        {
            ["CommandId"] = commandId, ["Email"] = email, ["Status"] = status.ToString(), ["StatusAt"] = at, ["StatusEventId"] = eventId, ["StatusReason"] = reason,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
        return true;
    }

    /// <summary>What the mail service last said of one copy, or null when it has said nothing yet.</summary>
    public async Task<MailStatus?> StatusAsync(InstanceId id, string commandId, string email, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(id.ToString(), Row(commandId, email), select: ["Status"], cancellationToken: cancellationToken);
        return row.HasValue && Enum.TryParse<MailStatus>(row.Value!.GetString("Status"), out var status) ? status : null;
    }

    public async Task RecordSentAsync(InstanceId id, string commandId, string email, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        // Merged, not replaced: the mail service's news of the copy may have come in first.
        await _table.UpsertEntityAsync(new TableEntity(id.ToString(), Row(commandId, email)) { ["CommandId"] = commandId, ["Email"] = email, ["SentAt"] = at }, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Every delivery of an instance, by command id, for its history.</summary>
    public async Task<ILookup<string, (string Email, DateTimeOffset SentAt)>> ListAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        var rows = new List<(string CommandId, string Email, DateTimeOffset SentAt)>();
        var partition = id.ToString();
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
        {
            rows.Add((entity.GetString("CommandId"), entity.GetString("Email"), entity.GetDateTimeOffset("SentAt") ?? default));
        }
        return rows.ToLookup(r => r.CommandId, r => (r.Email, r.SentAt));
    }

    private static string Prefix(string commandId) => "d-" + StorageKeys.Hash(commandId);

    private static string Row(string commandId, string email) => $"{Prefix(commandId)}-{StorageKeys.Hash(email.Trim().ToUpperInvariant())}";
}
