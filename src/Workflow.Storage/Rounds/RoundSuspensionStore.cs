using Azure;
using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Rounds;

namespace Workflow.Storage.Rounds;

/// <summary>A round's latest suspension as stored, with the version to write it back against.</summary>
public sealed record StoredSuspension(RoundSuspension Suspension, ETag ETag);

/// <summary>
/// Each round's latest round-wide suspension, one row per round. Writes name the version they read, so two requests
/// at once cannot both suspend (or both resume) the round.
/// </summary>
public sealed class RoundSuspensionStore(StorageAccount account)
{
    private const string Partition = "round-suspension";
    private readonly TableClient _table = account.Settings;

    public async Task<StoredSuspension?> GetAsync(RoundId round, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, round.Value, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }
        var entity = found.Value!;
        var suspension = new RoundSuspension(
            entity.GetInt32("Number") ?? 0, entity.GetDateTimeOffset("Since") ?? default, entity.GetString("By"), entity.GetString("Reason"),
            entity.GetDateTimeOffset("ResumedAt"), entity.GetString("ResumedBy"));
        return new StoredSuspension(suspension, entity.ETag);
    }

    /// <summary>Writes <paramref name="suspension"/> over the version read (or as the first); false when another write came first.</summary>
    public async Task<bool> SaveAsync(RoundId round, RoundSuspension suspension, ETag? read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suspension);
        var entity = new TableEntity(Partition, round.Value)
        {
            ["Number"] = suspension.Number,
            ["Since"] = suspension.Since,
            ["By"] = suspension.By,
            ["Reason"] = suspension.Reason,
            ["ResumedAt"] = suspension.ResumedAt,
            ["ResumedBy"] = suspension.ResumedBy,
        };
        try
        {
            if (read is { } etag)
            {
                await _table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await _table.AddEntityAsync(entity, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }
}
