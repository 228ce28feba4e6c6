using System.ComponentModel.DataAnnotations;

namespace Workflow.Storage;

/// <summary>Where the workflow keeps its tables, queues and blobs.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>A storage connection string; <c>UseDevelopmentStorage=true</c> is Azurite.</summary>
    [Required]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Put in front of every table, queue and container name, so tests can share one account.</summary>
    [RegularExpression("^[a-z]{0,12}$")]
    public string Prefix { get; set; } = "";
}
