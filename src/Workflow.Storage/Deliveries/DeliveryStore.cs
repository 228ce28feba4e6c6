using Azure.Data.Tables;
using Workflow.Core;

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

    public async Task RecordSentAsync(InstanceId id, string commandId, string email, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var row = $"{Prefix(commandId)}-{StorageKeys.Hash(email.Trim().ToUpperInvariant())}";
        await _table.UpsertEntityAsync(new TableEntity(id.ToString(), row) { ["CommandId"] = commandId, ["Email"] = email, ["SentAt"] = at }, TableUpdateMode.Replace, cancellationToken);
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
}
