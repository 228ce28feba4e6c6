using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Directory;
using Workflow.Storage.Json;

namespace Workflow.Storage.Directory;

/// <summary>How a change to the contacts went.</summary>
public enum ContactsSaved
{
    Applied,

    /// <summary>The same form or file was sent before and applied then; nothing more was done.</summary>
    AlreadyApplied,

    /// <summary>Someone else changed the contacts since the change was drawn up from them; nothing was done.</summary>
    Stale,
}

/// <summary>The contacts as they stand, and the version each change moves on by one.</summary>
public sealed record StoredContacts(int Version, ImmutableArray<Contact> Contacts);

/// <summary>
/// Systems and regions, one partition per kind, so the service and its tools read one copy. The contacts are kept as one
/// row holding them all, changed with the record of the change in one transaction of the same partition: however many
/// people a change touches, it is applied whole or not at all, and never without its record.
/// </summary>
public sealed class DirectoryStore(StorageAccount account)
{
    private const string ContactsPartition = "contacts";
    private const string Current = "current";
    private readonly TableClient _table = account.Directory;

    /// <summary>
    /// Writes the systems and regions, replacing what was there; rerunning it changes nothing. The contacts are written
    /// only the first time: after that they are the directory's upkeep's to change, and a restart must not undo it.
    /// </summary>
    public async Task SeedAsync(SystemDirectory directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var entities = directory.Regions.Select(r => new TableEntity("region", r.Code.Value) { ["Name"] = r.Name, ["OrgCode"] = r.OrgCode })
            .Concat(directory.Systems.Select(s => new TableEntity("system", s.Code.Value) { ["Name"] = s.Name, ["Region"] = s.Region.Value, ["NhseName"] = s.NhseName }));
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(StorageKeys.MaxTransactionOperations))
            {
                await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
            }
        }
        try
        {
            await _table.AddEntityAsync(ContactsRow(1, directory.Contacts), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Seeded before: the stored contacts stand.
        }
    }

    public async Task<SystemDirectory?> LoadAsync(CancellationToken cancellationToken = default)
    {
        var regions = new List<RegionEntry>();
        var systems = new List<SystemEntry>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == "region" || e.PartitionKey == "system", cancellationToken: cancellationToken))
        {
            if (entity.PartitionKey == "region")
            {
                regions.Add(new RegionEntry(new RegionCode(entity.RowKey), entity.GetString("Name"), entity.GetString("OrgCode")));
            }
            else
            {
                systems.Add(new SystemEntry(new SystemCode(entity.RowKey), entity.GetString("Name"), new RegionCode(entity.GetString("Region")), entity.GetString("NhseName")));
            }
        }
        var contacts = await ContactsAsync(cancellationToken);
        return systems.Count == 0 ? null : SystemDirectory.Create(regions, systems, contacts?.Contacts ?? []);
    }

    /// <summary>The contacts as they stand now; null before the directory is seeded.</summary>
    public async Task<StoredContacts?> ContactsAsync(CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(ContactsPartition, Current, cancellationToken: cancellationToken);
        return found.HasValue ? Read(found.Value!) : null;
    }

    /// <summary>
    /// <paramref name="reference"/>'s systems and regions with the contacts as they stand now: what a message sent now
    /// is addressed by, so a change reaches the next prompt.
    /// </summary>
    public async Task<SystemDirectory> CurrentAsync(SystemDirectory reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return await ContactsAsync(cancellationToken) is { } stored ? reference.WithContacts(stored.Contacts) : reference;
    }

    /// <summary>
    /// Replaces every contact with <paramref name="contacts"/> if they still stand at the version before
    /// <paramref name="change"/>'s, recording the change beside them. <paramref name="key"/> names the form or file that
    /// asked, so asking twice applies once.
    /// </summary>
    public async Task<ContactsSaved> SaveContactsAsync(
        IReadOnlyList<Contact> contacts, ContactChange change, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        ArgumentNullException.ThrowIfNull(change);
        var version = change.Version - 1;
        var keyRow = "key|" + StorageKeys.Hash(key);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(ContactsPartition, Current, cancellationToken: cancellationToken);
        if (!found.HasValue || Read(found.Value!).Version != version)
        {
            return await KeyUsedAsync(keyRow, cancellationToken) ? ContactsSaved.AlreadyApplied : ContactsSaved.Stale;
        }
        var next = change.Version;
        var record = new TableEntity(ContactsPartition, ChangeRow(next))
        {
            ["Version"] = next,
            ["At"] = change.At,
            ["By"] = change.By,
            ["How"] = change.How,
        };
        LargeText.Write(record, JsonSerializer.Serialize(change.Changes, StorageJson.Default.ImmutableArrayContactDiff));
        try
        {
            await _table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, ContactsRow(next, contacts), found.Value!.ETag),
                new TableTransactionAction(TableTransactionActionType.Add, record),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(ContactsPartition, keyRow) { ["Version"] = next }),
            ], cancellationToken);
            return ContactsSaved.Applied;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return await KeyUsedAsync(keyRow, cancellationToken) ? ContactsSaved.AlreadyApplied : ContactsSaved.Stale;
        }
    }

    /// <summary>Every change recorded, the latest first.</summary>
    public async Task<IReadOnlyList<ContactChange>> ChangesAsync(CancellationToken cancellationToken = default)
    {
        var changes = new List<ContactChange>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {ContactsPartition} and RowKey ge {"change|"} and RowKey lt {"change}"}"), cancellationToken: cancellationToken))
        {
            changes.Add(new ContactChange(
                entity.GetInt32("Version") ?? 0,
                entity.GetDateTimeOffset("At") ?? default,
                entity.GetString("By"),
                entity.GetString("How"),
                JsonSerializer.Deserialize(LargeText.Read(entity), StorageJson.Default.ImmutableArrayContactDiff)));
        }
        return [.. changes.OrderByDescending(c => c.Version)];
    }

    private async Task<bool> KeyUsedAsync(string keyRow, CancellationToken cancellationToken) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(ContactsPartition, keyRow, ["Version"], cancellationToken)).HasValue;

    private static string ChangeRow(int version) => "change|" + version.ToString("D10", CultureInfo.InvariantCulture);

    private static TableEntity ContactsRow(int version, IEnumerable<Contact> contacts)
    {
        var entity = new TableEntity(ContactsPartition, Current) { ["Version"] = version };
        LargeText.Write(entity, JsonSerializer.Serialize([.. contacts], StorageJson.Default.ImmutableArrayContact));
        return entity;
    }

    private static StoredContacts Read(TableEntity entity) =>
        new(entity.GetInt32("Version") ?? 0, JsonSerializer.Deserialize(LargeText.Read(entity), StorageJson.Default.ImmutableArrayContact));
}
