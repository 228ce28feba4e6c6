using System.Xml.Linq;
using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Workflow.Storage;

namespace Workflow.Functions.Pages;

/// <summary>
/// Keeps the data-protection keys (which sign the forms' anti-forgery tokens) in the storage account, so a
/// form opened on one instance of the app can be posted to another, and survives a restart.
/// </summary>
public sealed class TableXmlRepository(StorageAccount account) : IXmlRepository
{
    private const string Partition = "data-protection";

    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. account.Settings.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"))
            .Select(e => XElement.Parse(e.GetString("Xml")))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        account.Settings.UpsertEntity(new TableEntity(Partition, friendlyName) { ["Xml"] = element.ToString(SaveOptions.DisableFormatting) });
    }
}
