using Azure.Data.Tables;

namespace Workflow.Storage;

/// <summary>
/// Where a virtual clock last stood, so a service restarted mid-rehearsal carries on from there instead of
/// going back in time behind the events it has already recorded.
/// </summary>
public sealed class ClockStore(StorageAccount account)
{
    private const string Partition = "clock";
    private const string Row = "virtual";
    private readonly TableClient _table = account.Settings;

    public async Task<DateTimeOffset?> GetAsync(CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetDateTimeOffset("Now") : null;
    }

    public async Task SaveAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await _table.UpsertEntityAsync(new TableEntity(Partition, Row) { ["Now"] = now }, TableUpdateMode.Replace, cancellationToken);
}
