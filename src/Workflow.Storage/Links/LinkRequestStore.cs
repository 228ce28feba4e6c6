using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Instances;

namespace Workflow.Storage.Links;

/// <summary>
/// Requests for new links, in the links table beside the claimed nonces (one partition per instance): a row per person
/// with when their last new links went, which <see cref="ReserveAsync"/> changes only under its ETag, and a row per
/// request, kept for the audit, oldest first.
/// </summary>
public sealed class LinkRequestStore(StorageAccount account)
{
    private const string LimitPrefix = "l-";
    private const string RequestPrefix = "r-";

    private readonly TableClient _table = account.Links;

    /// <summary>
    /// Takes one of the person's new links for the instance at <paramref name="now"/> if <see cref="LinkRenewal"/> allows
    /// it, and says why not if it does not. Of two requests at once, each reads the row and writes it back under the ETag
    /// it read: the one that loses reads again and is judged on what the winner wrote, so both cannot pass the limit.
    /// </summary>
    public async Task<RenewalVerdict> ReserveAsync(InstanceId id, string person, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        var (partition, row) = (id.ToString(), LimitPrefix + StorageKeys.Hash(person.Trim().ToUpperInvariant()));
        while (true)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            var sent = found.HasValue ? Times(found.Value!.GetString("Sent")) : [];
            var verdict = LinkRenewal.Check(sent, now);
            if (verdict != RenewalVerdict.Allowed)
            {
                return verdict;
            }
            var entity = new TableEntity(partition, row) { ["Sent"] = string.Join(' ', LinkRenewal.After(sent, now).Select(t => t.UtcTicks.ToString(CultureInfo.InvariantCulture))) };
            try
            {
                if (found.HasValue)
                {
                    await _table.UpdateEntityAsync(entity, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _table.AddEntityAsync(entity, cancellationToken);
                }
                return RenewalVerdict.Allowed;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another request wrote first: judge this one again on what it wrote.
            }
        }
    }

    public async Task RecordAsync(LinkRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Time first, so rows read back in the order they were made; a random tail, so two in one tick are both kept.
        var row = $"{RequestPrefix}{request.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        var entity = new TableEntity(request.Instance.ToString(), row)
        {
            ["At"] = request.At,
            ["Person"] = request.Person,
            ["Kind"] = request.Kind.ToString(),
            ["Outcome"] = request.Outcome.ToString(),
            ["ClientAddress"] = request.ClientAddress,
            ["By"] = request.By,
            ["Reason"] = request.Reason,
            ["Action"] = request.Link?.Action.ToString(),
            ["Version"] = request.Link?.Version,
            ["RequestId"] = request.RequestId,
        };
        await _table.AddEntityAsync(entity, cancellationToken);
    }

    /// <summary>Every request for a new link on the instance, oldest first.</summary>
    public async Task<IReadOnlyList<LinkRequest>> ListAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        var partition = id.ToString();
        var requests = new List<LinkRequest>();
        // '.' sorts just after '-', so this is every row of the prefix and none of the nonces' or limits'.
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {RequestPrefix} and RowKey lt {"r."}"), cancellationToken: cancellationToken))
        {
            var action = Enum.TryParse<LinkAction>(entity.GetString("Action"), out var parsed) ? parsed : (LinkAction?)null;
            requests.Add(new LinkRequest(
                entity.GetDateTimeOffset("At") ?? default,
                id,
                entity.GetString("Person") ?? "",
                Enum.Parse<LinkRequestKind>(entity.GetString("Kind")),
                Enum.Parse<LinkRequestOutcome>(entity.GetString("Outcome")),
                entity.GetString("ClientAddress"),
                entity.GetString("By"),
                entity.GetString("Reason"),
                action is { } a ? new ActionLink(a, entity.GetInt32("Version") ?? 0) : null,
                entity.GetString("RequestId")));
        }
        return requests;
    }

    private static IReadOnlyList<DateTimeOffset> Times(string? text) =>
        [.. (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => new DateTimeOffset(long.Parse(t, CultureInfo.InvariantCulture), TimeSpan.Zero))];
}
