using System.Text.RegularExpressions;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>One Azurite's blob, queue and table endpoints behind counting relays, and a connection string through them.</summary>
internal sealed partial class CountedStorage : IAsyncDisposable
{
    private readonly CountingRelay[] _relays;

    public CountedStorage(string azuriteConnectionString)
    {
        var ports = Endpoint().Matches(azuriteConnectionString).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        int Port(string service) => ports[service];
        _relays = [new("blob", Port("Blob")), new("queue", Port("Queue")), new("table", Port("Table"))];
        ConnectionString = AzuriteFixture.ConnectionStringFor(_relays[0].Port, _relays[1].Port, _relays[2].Port);
    }

    public string ConnectionString { get; }

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

    [GeneratedRegex(@"(Blob|Queue|Table)Endpoint=http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Endpoint();
}
