using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Support;

/// <summary>One table transaction as it went over the wire: its operations and the partition keys they name.</summary>
internal sealed record RecordedBatch(int Operations, IReadOnlySet<string> PartitionKeys, string Text);

/// <summary>
/// A TCP relay in front of the table endpoint that keeps every byte the client sends, so a test can read the
/// transactions the SDK really submitted. Azurite accepts a transaction across partitions; Azure refuses it.
/// </summary>
internal sealed partial class RecordingProxy : IAsyncDisposable
{
    private readonly List<MemoryStream> _sent = [];
    private readonly TcpRelay _relay;

    public RecordingProxy(IPEndPoint target) => _relay = new TcpRelay(target, Record);

    public int Port => _relay.Port;

    /// <summary>Every <c>$batch</c> request sent so far, read request by request off each connection.</summary>
    public IReadOnlyList<RecordedBatch> Batches()
    {
        var batches = new List<RecordedBatch>();
        foreach (var bytes in Sent())
        {
            for (var at = 0; at < bytes.Length;)
            {
                var headEnd = bytes.AsSpan(at).IndexOf("\r\n\r\n"u8);
                if (headEnd < 0)
                {
                    throw new InvalidOperationException($"An unfinished request: {Encoding.UTF8.GetString(bytes, at, bytes.Length - at)}");
                }
                var head = Encoding.ASCII.GetString(bytes, at, headEnd);
                if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"A chunked request, which this relay does not read: {head}");
                }
                var length = ContentLength().Match(head) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                var bodyStart = at + headEnd + 4;
                if (BatchLine().IsMatch(head))
                {
                    batches.Add(Parse($"{head}\r\n\r\n{Encoding.UTF8.GetString(bytes, bodyStart, length)}"));
                }
                at = bodyStart + length;
            }
        }
        return batches;
    }

    public static RecordedBatch Parse(string request)
    {
        var operations = Operation().Matches(request);
        var keys = operations.SelectMany(line => UrlKey().Matches(Uri.UnescapeDataString(line.Value)))
            .Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal))
            .Concat(JsonKey().Matches(request).Select(m => JsonSerializer.Deserialize<string>(m.Groups[1].Value)!))
            .ToHashSet(StringComparer.Ordinal);
        return new RecordedBatch(operations.Count, keys, request);
    }

    public ValueTask DisposeAsync() => _relay.DisposeAsync();

    private List<byte[]> Sent()
    {
        lock (_sent)
        {
            return [.. _sent.Select(s => { lock (s) { return s.ToArray(); } })];
        }
    }

    /// <summary>A record of one connection's request bytes, kept in the order connections opened.</summary>
    private Action<ReadOnlyMemory<byte>> Record()
    {
        var record = new MemoryStream();
        lock (_sent)
        {
            _sent.Add(record);
        }
        return bytes =>
        {
            lock (record)
            {
                record.Write(bytes.Span);
            }
        };
    }

    [GeneratedRegex(@"^Content-Length:\s*(\d+)\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ContentLength();

    [GeneratedRegex(@"\APOST /[^ ]*/\$batch ")]
    private static partial Regex BatchLine();

    /// <summary>An operation's request line inside a changeset: <c>POST http://…</c>, <c>PUT http://…</c> and so on.</summary>
    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|MERGE|DELETE) https?://[^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex Operation();

    [GeneratedRegex(@"PartitionKey='((?:[^']|'')*)'")]
    private static partial Regex UrlKey();

    [GeneratedRegex(@"""PartitionKey""\s*:\s*(""(?:[^""\\]|\\.)*"")")]
    private static partial Regex JsonKey();
}
