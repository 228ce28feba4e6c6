using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Directory;

namespace Workflow.Storage.Directory;

/// <summary>Systems, regions and contacts, one partition per kind, so the service and its tools read one copy.</summary>
public sealed class DirectoryStore(StorageAccount account)
{
    private readonly TableClient _table = account.Directory;

    /// <summary>Writes every entry, replacing what was there; rerunning it changes nothing.</summary>
    public async Task SeedAsync(SystemDirectory directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var entities = directory.Regions.Select(r => new TableEntity("region", r.Code.Value) { ["Name"] = r.Name, ["OrgCode"] = r.OrgCode })
            .Concat(directory.Systems.Select(s => new TableEntity("system", s.Code.Value) { ["Name"] = s.Name, ["Region"] = s.Region.Value, ["NhseName"] = s.NhseName }))
            .Concat(directory.Contacts.Select(c => new TableEntity("contact", ContactRow(c)) { ["Role"] = c.Role.ToString(), ["Scope"] = c.Scope, ["Name"] = c.Name, ["Email"] = c.Email }));
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(StorageKeys.MaxTransactionOperations))
            {
                await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
            }
        }
    }

    public async Task<SystemDirectory?> LoadAsync(CancellationToken cancellationToken = default)
    {
        var regions = new List<RegionEntry>();
        var systems = new List<SystemEntry>();
        var contacts = new List<Contact>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            switch (entity.PartitionKey)
            {
                case "region":
                    regions.Add(new RegionEntry(new RegionCode(entity.RowKey), entity.GetString("Name"), entity.GetString("OrgCode")));
                    break;
                case "system":
                    systems.Add(new SystemEntry(new SystemCode(entity.RowKey), entity.GetString("Name"), new RegionCode(entity.GetString("Region")), entity.GetString("NhseName")));
                    break;
                case "contact":
                    contacts.Add(new Contact(Enum.Parse<ContactRole>(entity.GetString("Role")), entity.GetString("Scope"), entity.GetString("Name"), entity.GetString("Email")));
                    break;
            }
        }
        return systems.Count == 0 ? null : SystemDirectory.Create(regions, systems, contacts);
    }

    private static string ContactRow(Contact contact) => $"{contact.Scope}-{contact.Role}-{contact.Email}".ToLowerInvariant();
}
