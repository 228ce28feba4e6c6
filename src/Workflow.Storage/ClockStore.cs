using Azure.Data.Tables;

namespace Workflow.Storage;

/// <summary>A virtual clock as it was last set: at the real instant <paramref name="RealAt"/> it read <paramref name="RoundAt"/>, running at <paramref name="Speed"/>.</summary>
public sealed record StoredClock(DateTimeOffset RealAt, DateTimeOffset RoundAt, double Speed);

/// <summary>
/// How a virtual clock was last set, so a restarted service reads the same time as the orchestrations, which carry the
/// same mapping in their input and keep following it while the service is stopped.
/// </summary>
public sealed class ClockStore(StorageAccount account)
{
    private const string Partition = "clock";
    private const string Row = "virtual";
    private readonly TableClient _table = account.Settings;

    public async Task<StoredClock?> GetAsync(CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        return response.HasValue && response.Value!.GetDateTimeOffset("RealAt") is { } realAt && response.Value.GetDateTimeOffset("RoundAt") is { } roundAt
            && response.Value.GetDouble("Speed") is { } speed
            ? new StoredClock(realAt, roundAt, speed)
            : null;
    }

    public async Task SaveAsync(StoredClock clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        await _table.UpsertEntityAsync(
            new TableEntity(Partition, Row) { ["RealAt"] = clock.RealAt, ["RoundAt"] = clock.RoundAt, ["Speed"] = clock.Speed }, TableUpdateMode.Replace, cancellationToken);
    }
}
