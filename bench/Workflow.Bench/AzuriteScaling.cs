using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Workflow.Testing;

namespace Workflow.Bench;

/// <summary>
/// What one storage request costs Azurite as it holds more: messages waiting in a queue (a task hub keeps one timer
/// message per instance waiting) and rows in a table (a task hub keeps each instance's last history). Each size on an
/// Azurite of its own; the requests timed are the task hub's commonest, one at a time, so the figure is Azurite's own.
/// </summary>
internal static class AzuriteScaling
{
    private const int Timed = 300;

    /// <summary>The history rows a waiting instance keeps, about, so a table the size of a round's is built beside its queue.</summary>
    private const int RowsAnInstance = 15;

    private const int EpisodeRows = 5;

    public static async Task<int> RunAsync(IReadOnlyList<int> instances)
    {
        Console.WriteLine("instances | messages held | queue put+get+delete, ms | rows held | history write, ms | partition query, ms");
        foreach (var count in instances)
        {
            var azurite = new AzuriteFixture();
            await azurite.InitializeAsync();
            try
            {
                var queue = await QueueAsync(azurite.ConnectionString, count);
                var (upsert, query) = await TableAsync(azurite.ConnectionString, count * RowsAnInstance);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{count,9:N0} | {count,13:N0} | {queue,24:F2} | {count * RowsAnInstance,9:N0} | {upsert,17:F2} | {query,19:F2}"));
            }
            finally
            {
                await azurite.DisposeAsync();
            }
        }
        return 0;
    }

    /// <summary>Milliseconds a message takes through one queue while <paramref name="held"/> others wait hidden in another.</summary>
    private static async Task<double> QueueAsync(string connectionString, int held)
    {
        var waiting = new QueueClient(connectionString, "waiting");
        var work = new QueueClient(connectionString, "work");
        await waiting.CreateAsync();
        await work.CreateAsync();
        await Parallel.ForAsync(0, held, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            await waiting.SendMessageAsync($"timer {i}", visibilityTimeout: TimeSpan.FromHours(1), cancellationToken: token));
        var timer = Stopwatch.StartNew();
        for (var i = 0; i < Timed; i++)
        {
            await work.SendMessageAsync($"work {i}");
            var received = (await work.ReceiveMessageAsync()).Value;
            await work.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        }
        return timer.Elapsed.TotalMilliseconds / Timed;
    }

    /// <summary>Milliseconds an episode's history write (five rows replaced in one transaction), and a query of one partition, take with <paramref name="held"/> rows in the table.</summary>
    private static async Task<(double Upsert, double Query)> TableAsync(string connectionString, int held)
    {
        var table = new TableClient(connectionString, "history");
        await table.CreateAsync();
        var partitions = Math.Max(1, held / RowsAnInstance);
        await Parallel.ForAsync(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, token) =>
            await table.SubmitTransactionAsync(
                Enumerable.Range(0, RowsAnInstance).Select(r => new TableTransactionAction(TableTransactionActionType.Add, Row(p, r))), token));
        var upsert = Stopwatch.StartNew();
        for (var i = 0; i < Timed; i++)
        {
            // As a task hub writes an episode's history: a few rows of one instance replaced in one transaction.
            await table.SubmitTransactionAsync(Enumerable.Range(0, EpisodeRows).Select(r =>
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(i % partitions, (i + r) % RowsAnInstance))));
        }
        var upserted = upsert.Elapsed.TotalMilliseconds / Timed;
        var query = Stopwatch.StartNew();
        for (var i = 0; i < Timed; i++)
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(i % partitions)}")))
            {
            }
        }
        return (upserted, query.Elapsed.TotalMilliseconds / Timed);
    }

    private static string Partition(int instance) => $"instance-{instance:D6}";

    private static TableEntity Row(int instance, int row) => new(Partition(instance), row.ToString("X16", CultureInfo.InvariantCulture))
    {
        ["EventType"] = "TaskCompleted",
        ["Result"] = new string('x', 200),
    };
}
