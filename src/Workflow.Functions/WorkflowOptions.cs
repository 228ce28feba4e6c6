using System.ComponentModel.DataAnnotations;

namespace Workflow.Functions;

/// <summary>How the service runs: where its data is, which round it loads, how often its local triggers fire.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflow";

    /// <summary>Folder with the bank holidays, systems, regions and contacts (relative to the app's folder).</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    /// <summary>A round file to load at start (stored if new); none when empty.</summary>
    public string? RoundFile { get; set; }

    /// <summary>Starts one instance per system for the loaded round; starting is idempotent.</summary>
    public bool StartRoundOnLoad { get; set; }

    /// <summary>Seconds between timer ticks when running without a Functions host.</summary>
    [Range(1, 3600)]
    public int TickSeconds { get; set; } = 60;

    /// <summary>How long a committed message may wait unsent before a wake-up sends it again.</summary>
    [Range(1, 1440)]
    public int RedeliveryMinutes { get; set; } = 10;

    /// <summary>
    /// Tries of one outbox item, counted on its row whichever queue message brings it, before it goes to the poison
    /// queue. With the default delays, eight tries span about an hour.
    /// </summary>
    [Range(1, 100)]
    public int MaxSendAttempts { get; set; } = 8;

    /// <summary>How long an item waits after its first failed try; the wait doubles after each try since.</summary>
    [Range(1, 3600)]
    public int RetryDelaySeconds { get; set; } = 30;

    /// <summary>The longest an item waits between two tries, before up to a fifth more at random.</summary>
    [Range(1, 1440)]
    public int MaxRetryDelayMinutes { get; set; } = 30;

    /// <summary>
    /// Failed deliveries of one queue message (the handler crashed, or could not reach storage, before it settled the
    /// message) before the message goes to the poison queue as it is. host.json says the same to the Functions host:
    /// a safety net for crashes, since every try the dispatcher settles is answered as handled.
    /// </summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>
    /// The longest one try of sending an outbox item may take, all its recipients and the sender's own retries included;
    /// it is cancelled then. An item is claimed for this long and a minute more, so no other delivery claims it mid-send.
    /// </summary>
    [Range(5, 600)]
    public int SendTimeoutSeconds { get; set; } = 120;

    public TimeSpan SendTimeout => TimeSpan.FromSeconds(SendTimeoutSeconds);

    public TimeSpan RetryDelay => TimeSpan.FromSeconds(RetryDelaySeconds);

    public TimeSpan MaxRetryDelay => TimeSpan.FromMinutes(MaxRetryDelayMinutes);

    /// <summary>How many instances a tick or a round-wide change works on at once.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    /// <summary>
    /// How long (real seconds) a request that raised an event waits for the instance to apply it before answering that
    /// it is on its way; long enough for a busy worker, short enough for a person at a page.
    /// </summary>
    [Range(0, 60)]
    public int RaiseWaitSeconds { get; set; } = 10;
}
