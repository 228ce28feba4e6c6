using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Workflow.Storage;

/// <summary>The workflow's tables, queues and blob container in one storage account, with every request counted.</summary>
public sealed class StorageAccount
{
    /// <param name="policy">One more policy for every client, run once per call ahead of the SDK's retries: tests make storage fail with one.</param>
    public StorageAccount(StorageOptions options, RequestCounter? counter = null, HttpPipelinePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Counter = counter ?? new RequestCounter();
        var tableOptions = new TableClientOptions();
        // Both sides of the queues speak plain text; host.json says messageEncoding none to match.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        var blobOptions = new BlobClientOptions();
        foreach (var (service, clientOptions) in ((string, ClientOptions)[])[("table", tableOptions), ("queue", queueOptions), ("blob", blobOptions)])
        {
            clientOptions.AddPolicy(Counter.For(service), HttpPipelinePosition.PerRetry);
            if (policy is not null)
            {
                clientOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
            }
        }

        TableServiceClient tables;
        QueueServiceClient queues;
        BlobServiceClient blobs;
        if (!string.IsNullOrWhiteSpace(options.AccountName))
        {
            var credential = new DefaultAzureCredential();
            Uri Endpoint(string service) => new($"https://{options.AccountName}.{service}.{options.EndpointSuffix}");
            tables = new TableServiceClient(Endpoint("table"), credential, tableOptions);
            queues = new QueueServiceClient(Endpoint("queue"), credential, queueOptions);
            blobs = new BlobServiceClient(Endpoint("blob"), credential, blobOptions);
        }
        else
        {
            tables = new TableServiceClient(options.ConnectionString, tableOptions);
            queues = new QueueServiceClient(options.ConnectionString, queueOptions);
            blobs = new BlobServiceClient(options.ConnectionString, blobOptions);
        }
        var prefix = options.Prefix;
        Status = tables.GetTableClient(prefix + "status");
        Directory = tables.GetTableClient(prefix + "directory");
        Rounds = tables.GetTableClient(prefix + "rounds");
        Settings = tables.GetTableClient(prefix + "settings");
        Journal = tables.GetTableClient(prefix + "journal");
        Deliveries = tables.GetTableClient(prefix + "deliveries");
        Links = tables.GetTableClient(prefix + "links");
        Events = queues.GetQueueClient(prefix + "events");
        Plans = blobs.GetBlobContainerClient(prefix + "plans");
    }

    public RequestCounter Counter { get; }

    public TableClient Status { get; }

    public TableClient Directory { get; }

    public TableClient Rounds { get; }

    public TableClient Settings { get; }

    public TableClient Journal { get; }

    public TableClient Deliveries { get; }

    public TableClient Links { get; }

    public QueueClient Events { get; }

    public BlobContainerClient Plans { get; }

    /// <summary>Creates whatever does not exist yet; safe to call on every start.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(
            Status.CreateIfNotExistsAsync(cancellationToken),
            Directory.CreateIfNotExistsAsync(cancellationToken),
            Rounds.CreateIfNotExistsAsync(cancellationToken),
            Settings.CreateIfNotExistsAsync(cancellationToken),
            Journal.CreateIfNotExistsAsync(cancellationToken),
            Deliveries.CreateIfNotExistsAsync(cancellationToken),
            Links.CreateIfNotExistsAsync(cancellationToken),
            Events.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            Plans.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
    }
}
