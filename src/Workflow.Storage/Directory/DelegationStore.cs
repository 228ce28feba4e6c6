using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Directory;

namespace Workflow.Storage.Directory;

/// <summary>Delegations, kept beside the directory they qualify; the latest for a deputy replaces the one before.</summary>
public sealed class DelegationStore(StorageAccount account)
{
    private const string Partition = "delegation";
    private readonly TableClient _table = account.Directory;

    public async Task SaveAsync(Delegation delegation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        var entity = new TableEntity(Partition, Row(delegation.Region, delegation.Deputy))
        {
            ["Region"] = delegation.Region.Value,
            ["Deputy"] = delegation.Deputy,
            ["Director"] = delegation.Director,
            ["From"] = delegation.From,
            ["To"] = delegation.To,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Delegation?> GetAsync(RegionCode region, string deputy, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row(region, deputy), cancellationToken: cancellationToken);
        return response.HasValue ? From(response.Value!) : null;
    }

    /// <summary>The region's deputies whose director has handed them decisions at <paramref name="at"/>: they get what the director gets.</summary>
    public async Task<IReadOnlyCollection<Contact>> ActingDeputiesAsync(
        SystemDirectory directory, RegionCode region, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var acting = new List<Contact>();
        foreach (var deputy in directory.Deputies(region))
        {
            if (await GetAsync(region, deputy.Email, cancellationToken) is { } delegation && delegation.IsActiveAt(at))
            {
                acting.Add(deputy);
            }
        }
        return acting;
    }

    public async Task<IReadOnlyList<Delegation>> ListAsync(RegionCode region, CancellationToken cancellationToken = default)
    {
        var prefix = $"{region.Value}|";
        var found = new List<Delegation>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {region.Value + "}"}"), cancellationToken: cancellationToken))
        {
            found.Add(From(entity));
        }
        return found;
    }

    private static string Row(RegionCode region, string deputy) => $"{region.Value}|{deputy.ToLowerInvariant()}";

    private static Delegation From(TableEntity entity) => new(
        new RegionCode(entity.GetString("Region")),
        entity.GetString("Deputy"),
        entity.GetString("Director"),
        entity.GetDateTimeOffset("From") ?? default,
        entity.GetDateTimeOffset("To") ?? default);
}
