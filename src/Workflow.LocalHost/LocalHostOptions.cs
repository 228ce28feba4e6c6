using System.ComponentModel.DataAnnotations;

namespace Workflow.LocalHost;

/// <summary>Settings of the local host, section <c>LocalHost</c>.</summary>
public sealed class LocalHostOptions
{
    public const string Section = "LocalHost";

    /// <summary>
    /// The configuration key holding the storage connection string, as a Functions app names its storage. Looked
    /// up as a top-level setting, then under <c>ConnectionStrings</c>.
    /// </summary>
    [Required]
    public string ConnectionName { get; set; } = "AzureWebJobsStorage";

    /// <summary>Task hub name: its tables, queues and blob containers are named from it, so storage naming rules apply.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "A task hub name is 3 to 45 letters and digits, starting with a letter.")]
    public string TaskHub { get; set; } = "WorkflowLocal";

    /// <summary>
    /// Control-queue partitions. One locally: a single worker process owns every partition anyway, so more only
    /// add idle polling (about 18 storage requests a minute with one, 45 with four); throughput for 42 instances
    /// does not need more. Fixed when the task hub is first created.
    /// </summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 1;

    /// <summary>
    /// The longest wait between polls of an empty queue. Two seconds locally, so a timer that comes due or an
    /// event raised is picked up within about two seconds; Azure's 30-second default saves requests that cost
    /// nothing on Azurite.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many activities (sends, projections) run at once. The backend's own default is 10; a 09:00 wave puts one
    /// send and one projection per instance on the work-item queue together, and each waits mostly on storage or mail,
    /// so the local host takes as many as Azure Functions would on its cores (10 a core).
    /// </summary>
    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>
    /// How long a queue message the host has taken stays hidden from others; one the host took and never finished (it
    /// was killed, or stopped with work in hand) is taken again once this ends. Azure's five minutes by default: the
    /// sidecar renews no lock, so a work item still running past this is run a second time beside the first. Shorter
    /// brings a host killed mid-work back sooner, for as long as every activity finishes well within it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The loopback port of the Durable Task sidecar; 0 takes a free one at start-up.</summary>
    [Range(0, 65535)]
    public int SidecarPort { get; set; }

    /// <summary>The Functions app's host.json; by default the one beside the first functions assembly.</summary>
    public string? HostJson { get; set; }
}
