using System.ComponentModel.DataAnnotations;

namespace Workflow.Functions;

/// <summary>How the service runs: where its data is, which round it loads at start, how widely it fans out.</summary>
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

    /// <summary>How many instances a round-wide request (start, timetable change, clock move) works on at once.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    /// <summary>
    /// How long (real seconds) a request that raised an event waits for the instance to apply it before answering that
    /// it is on its way; long enough for a busy worker, short enough for a person at a page.
    /// </summary>
    [Range(0, 60)]
    public int RaiseWaitSeconds { get; set; } = 10;
}
