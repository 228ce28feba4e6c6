using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Storage.Json;

namespace Workflow.Storage.Links;

/// <summary>
/// Single-use links claimed, one partition per instance. The first post of a link claims its nonce with the event it
/// carries; a later post of the same link finds the claim, so racing posts record one decision, and a claim whose
/// event a crash kept from the instance is raised again from here rather than lost.
/// </summary>
public sealed class LinkClaimStore(StorageAccount account)
{
    private readonly TableClient _table = account.Links;

    /// <summary>Claims <paramref name="nonce"/> for <paramref name="evt"/>; the event already claimed with it when another post got there first.</summary>
    public async Task<InstanceEvent?> ClaimAsync(InstanceId id, string nonce, InstanceEvent evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var entity = new TableEntity(id.ToString(), Row(nonce)) { ["Nonce"] = nonce };
        LargeText.Write(entity, JsonSerializer.Serialize(evt, StorageJson.Default.InstanceEvent));
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await GetAsync(id, nonce, cancellationToken);
        }
    }

    /// <summary>The event claimed with <paramref name="nonce"/>, or null when the link has not been used.</summary>
    public async Task<InstanceEvent?> GetAsync(InstanceId id, string nonce, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id.ToString(), Row(nonce), cancellationToken: cancellationToken);
        return found.HasValue ? JsonSerializer.Deserialize(LargeText.Read(found.Value!), StorageJson.Default.InstanceEvent) : null;
    }

    private static string Row(string nonce) => "n-" + StorageKeys.Hash(nonce);
}
