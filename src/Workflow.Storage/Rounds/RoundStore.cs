using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Workflow.Core;
using Workflow.Core.Calendar;
using Workflow.Core.Rounds;
using Workflow.Storage.Json;

namespace Workflow.Storage.Rounds;

/// <summary>A stored version of a round: its file as given, kept so every version can be read back and audited.</summary>
public sealed record StoredRound(Round Round, string Json);

/// <summary>Round definitions, one row per (round, version); the highest version is the timetable in force.</summary>
public sealed class RoundStore(StorageAccount account)
{
    private readonly TableClient _table = account.Rounds;

    /// <summary>Stores a checked round; false when that version is stored already.</summary>
    public async Task<bool> AddAsync(Round round, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        var entity = new TableEntity(round.Id.Value, Row(round.Version)) { ["Title"] = round.Definition.Title };
        LargeText.Write(entity, json);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The round's latest version, parsed against <paramref name="calendar"/>; null when the round is unknown.</summary>
    public async Task<StoredRound?> GetLatestAsync(RoundId id, WorkingCalendar calendar, CancellationToken cancellationToken = default)
    {
        TableEntity? latest = null;
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id.Value}"), cancellationToken: cancellationToken))
        {
            if (latest is null || string.CompareOrdinal(entity.RowKey, latest.RowKey) > 0)
            {
                latest = entity;
            }
        }
        if (latest is null)
        {
            return null;
        }
        var json = LargeText.Read(latest);
        return new StoredRound(RoundParser.Parse(json, calendar).GetValueOrThrow($"Stored round {id} version {latest.RowKey}"), json);
    }

    /// <summary>The JSON of one stored version exactly as it was stored, or null when that version is not stored.</summary>
    public async Task<string?> GetJsonAsync(RoundId id, int version, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id.Value, Row(version), cancellationToken: cancellationToken);
        return found.HasValue ? LargeText.Read(found.Value!) : null;
    }

    public async Task<IReadOnlyList<(RoundId Round, int Version, string Title)>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rounds = new List<(RoundId, int, string)>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Title"], cancellationToken: cancellationToken))
        {
            rounds.Add((new RoundId(entity.PartitionKey), int.Parse(entity.RowKey, CultureInfo.InvariantCulture), entity.GetString("Title")));
        }
        return rounds;
    }

    private static string Row(int version) => version.ToString("D6", CultureInfo.InvariantCulture);
}
