using System.Text.RegularExpressions;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>One Azurite's blob, queue and table endpoints behind counting relays, and a connection string through them.</summary>
internal sealed partial class CountedStorage : IAsyncDisposable
{
    private readonly CountingRelay[] _relays;

    public CountedStorage(string azuriteConnectionString)
    {
        var ports = Ports(azuriteConnectionString);
        _relays = [new("blob", ports["Blob"]), new("queue", ports["Queue"]), new("table", ports["Table"])];
        ConnectionString = AzuriteFixture.ConnectionStringFor(_relays[0].Port, _relays[1].Port, _relays[2].Port);
    }

    private CountedStorage(string connectionString, CountingRelay[] relays) => (ConnectionString, _relays) = (connectionString, relays);

    /// <summary>Straight to Azurite, counting nothing: the relays copy every byte in the bench's process, which the service shares.</summary>
    public static CountedStorage Uncounted(string azuriteConnectionString) => new(azuriteConnectionString, []);

    public string ConnectionString { get; }

    /// <summary>The blob and queue endpoints of one Azurite with the table endpoint of another.</summary>
    public static string WithTables(string blobsAndQueues, string tables)
    {
        var (first, second) = (Ports(blobsAndQueues), Ports(tables));
        return AzuriteFixture.ConnectionStringFor(first["Blob"], first["Queue"], second["Table"]);
    }

    public long Total => _relays.Sum(r => r.Total);

    public IReadOnlyDictionary<string, long> Snapshot() =>
        _relays.SelectMany(r => r.Snapshot()).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        foreach (var relay in _relays)
        {
            await relay.DisposeAsync();
        }
    }

    private static Dictionary<string, int> Ports(string azuriteConnectionString) =>
        Endpoint().Matches(azuriteConnectionString).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(Blob|Queue|Table)Endpoint=http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Endpoint();
}
