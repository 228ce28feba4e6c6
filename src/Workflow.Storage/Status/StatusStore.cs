using System.Collections.Concurrent;
using Azure;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Workflow.Storage.Json;
using Workflow.Core;
using Workflow.Core.Instances;
using Workflow.Core.Rounds;

namespace Workflow.Storage.Status;

/// <summary>
/// The status projection, one row per instance in its round's partition so one query reads a whole round: rewritten
/// after each commit, but never by an older version of the instance. Each process keeps the rows it has read, so a
/// dashboard of 10,000 systems costs a read of what changed, not of the whole round.
/// </summary>
public sealed class StatusStore(StorageAccount account)
{
    private readonly TableClient _table = account.Status;

    /// <summary>
    /// The version and ETag of each row as this process last wrote or read it. Storage stays the judge: a write
    /// with a remembered ETag that another process has overtaken fails its If-Match and falls back to a read. It
    /// saves the read before nearly every write, since one process usually runs an instance many times in a row.
    /// </summary>
    private readonly ConcurrentDictionary<InstanceId, (int Version, ETag ETag)> _known = new();

    /// <summary>Writes the row unless a newer version is there already; true when written.</summary>
    public async Task<bool> WriteAsync(InstanceStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (_known.TryGetValue(status.Instance, out var known))
        {
            // A row's version never goes down, so one this process saw at or past ours is still there.
            if (known.Version >= status.Version)
            {
                return false;
            }
            try
            {
                var response = await _table.UpdateEntityAsync(ToEntity(status), known.ETag, TableUpdateMode.Replace, cancellationToken);
                Remember(status.Instance, status.Version, response.Headers.ETag);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Another process wrote since (or the row is gone): read what is there and compare versions.
            }
        }
        var partition = status.Instance.Round.Value;
        var row = status.Instance.System.Value;
        // Each lost race means another writer stored a higher version, and versions are bounded by ours (past it we
        // stop), so this ends; a fixed number of tries would leave an older row behind under contention.
        while (true)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    Remember(status.Instance, status.Version, (await _table.AddEntityAsync(ToEntity(status), cancellationToken)).Headers.ETag);
                    return true;
                }
                var stored = existing.Value!.GetInt32("Version") ?? 0;
                if (stored >= status.Version)
                {
                    Remember(status.Instance, stored, existing.Value.ETag);
                    return false;
                }
                Remember(status.Instance, status.Version,
                    (await _table.UpdateEntityAsync(ToEntity(status), existing.Value.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another writer got there between the read and the write: read again and compare versions.
            }
        }
    }

    /// <summary>Keeps the higher version when writers in this process race; a response without an ETag teaches nothing.</summary>
    private void Remember(InstanceId instance, int version, ETag? etag)
    {
        if (etag is not { } known)
        {
            return;
        }
        _known.AddOrUpdate(instance, (version, known), (_, current) => current.Version >= version ? current : (version, known));
    }

    public async Task<InstanceStatus?> GetAsync(InstanceId instance, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(instance.Round.Value, instance.System.Value, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>
    /// Every row of the round, in system order. The first read of a round reads its partition whole; later ones ask
    /// only for rows stamped since the later of the newest stamp seen and storage's time at the last read, less
    /// <see cref="Overlap"/>, and keep the higher version of each. A reader that queued behind a read begun after it
    /// asked takes that read's rows rather than asking again.
    /// </summary>
    public async Task<IReadOnlyList<InstanceStatus>> ListAsync(RoundId round, CancellationToken cancellationToken = default)
    {
        var kept = _rounds.GetOrAdd(round, _ => new KeptRound());
        var asked = Volatile.Read(ref kept.Begun);
        await kept.Gate.WaitAsync(cancellationToken);
        try
        {
            // A read begun after this caller asked saw every write that finished before it asked.
            if (kept.Done > asked)
            {
                return kept.Sorted();
            }
            var number = Interlocked.Increment(ref kept.Begun);
            // Nothing in the application deletes a status row (purging keeps it as the record), but someone may by
            // hand, and a writer's stamp may lag more than the overlap: a whole read now and then mends either.
            var whole = kept.Newest is null || Stopwatch.GetElapsedTime(kept.WholeAt) >= WholeReadEvery;
            var filter = whole
                ? TableClient.CreateQueryFilter($"PartitionKey eq {round.Value}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {round.Value} and Timestamp ge {kept.Newest - Overlap}");
            var startedAt = Stopwatch.GetTimestamp();
            var rows = whole ? ImmutableDictionary<SystemCode, InstanceStatus>.Empty : kept.Rows;
            var stamp = whole ? null : kept.Newest;
            await foreach (var page in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages())
            {
                // Storage's own time as it answered, so a quiet round's next read asks for nothing it has already
                // given: the newest row alone would leave the next read asking again for every row written in the
                // overlap before it, which after a wave that touched every system is the whole round.
                stamp = Later(stamp, page.GetRawResponse().Headers.Date);
                foreach (var entity in page.Values)
                {
                    var status = FromEntity(entity);
                    // A whole read drops the rows storage no longer holds, never a version this process has seen.
                    rows = Newer(rows, kept.Rows.TryGetValue(status.Instance.System, out var known) && known.Version > status.Version ? known : status);
                    stamp = Later(stamp, entity.Timestamp);
                }
            }
            // A round read whole without an answer dated by storage or any row has no stamp yet, and is read whole again next time.
            (kept.Rows, kept.Newest) = (rows, stamp);
            kept.WholeAt = whole ? startedAt : kept.WholeAt;
            kept.Done = number;
            return kept.Sorted();
        }
        finally
        {
            kept.Gate.Release();
        }
    }

    /// <summary>
    /// How far before the newest time seen the next read starts. Stamps are given by storage as each write commits,
    /// so a write that commits after a read is stamped after it but for the clocks of storage's front ends, which this
    /// allows for, and for a write that was in flight as the read ran (an answer's time is to the second, and is
    /// given after the rows were read).
    /// </summary>
    public TimeSpan Overlap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a round is read whole again, dropping rows storage no longer holds; real time, never the round's clock.</summary>
    internal TimeSpan WholeReadEvery { get; init; } = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<RoundId, KeptRound> _rounds = new();

    /// <summary>A round's rows as this process last read them, the newest time storage gave with them, and the gate readers queue at.</summary>
    private sealed class KeptRound
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Reads begun, and the number of the last to finish, so a reader can tell whether one began after it asked.</summary>
        public long Begun;

        public long Done { get; set; }

        public ImmutableDictionary<SystemCode, InstanceStatus> Rows { get; set; } = ImmutableDictionary<SystemCode, InstanceStatus>.Empty;

        public DateTimeOffset? Newest { get; set; }

        /// <summary>When the last whole read began, as a <see cref="Stopwatch"/> timestamp.</summary>
        public long WholeAt { get; set; }

        private ImmutableDictionary<SystemCode, InstanceStatus>? _sortedFrom;
        private IReadOnlyList<InstanceStatus> _sorted = [];

        /// <summary>The rows in system order, sorted again only when they changed.</summary>
        public IReadOnlyList<InstanceStatus> Sorted()
        {
            if (!ReferenceEquals(_sortedFrom, Rows))
            {
                (_sorted, _sortedFrom) = ([.. Rows.Values.OrderBy(r => r.Instance.System.Value, StringComparer.Ordinal)], Rows);
            }
            return _sorted;
        }
    }

    private static DateTimeOffset? Later(DateTimeOffset? kept, DateTimeOffset? seen) => seen > kept || kept is null ? seen : kept;

    /// <summary>A row's version never goes down, and one version of a row is one content, so an equal version changes nothing.</summary>
    private static ImmutableDictionary<SystemCode, InstanceStatus> Newer(ImmutableDictionary<SystemCode, InstanceStatus> rows, InstanceStatus status) =>
        rows.TryGetValue(status.Instance.System, out var known) && known.Version >= status.Version ? rows : rows.SetItem(status.Instance.System, status);

    private static TableEntity ToEntity(InstanceStatus status) => new(status.Instance.Round.Value, status.Instance.System.Value)
    {
        ["Region"] = status.Region.Value,
        ["Version"] = status.Version,
        ["Stage"] = status.Stage.ToString(),
        ["Suspended"] = status.Suspended,
        ["PlanVersion"] = status.PlanVersion,
        ["NextMilestone"] = status.NextMilestone,
        ["NextDue"] = status.NextDue,
        ["Escalation"] = status.Escalation.ToString(),
        ["EscalatedMilestone"] = status.EscalatedMilestone,
        ["UpdatedAt"] = status.UpdatedAt,
        ["Milestones"] = JsonSerializer.Serialize(status.Milestones, StorageJson.Default.ImmutableArrayMilestoneFacts),
        ["Undelivered"] = status.Undelivered,
    };

    private static InstanceStatus FromEntity(TableEntity entity) => new(
        new InstanceId(new RoundId(entity.PartitionKey), new SystemCode(entity.RowKey)),
        new RegionCode(entity.GetString("Region")),
        entity.GetInt32("Version") ?? 0,
        Enum.Parse<Stage>(entity.GetString("Stage")),
        entity.GetBoolean("Suspended") ?? false,
        entity.GetInt32("PlanVersion") ?? 0,
        entity.GetString("NextMilestone"),
        entity.GetDateTimeOffset("NextDue"),
        Enum.Parse<LadderLevel>(entity.GetString("Escalation")),
        entity.GetString("EscalatedMilestone"),
        entity.GetDateTimeOffset("UpdatedAt") ?? default,
        // A row written before the matrix was kept has no milestones until its instance is next projected.
        entity.GetString("Milestones") is { } milestones ? JsonSerializer.Deserialize(milestones, StorageJson.Default.ImmutableArrayMilestoneFacts) : [],
        entity.GetInt32("Undelivered") ?? 0);
}
