using System.ComponentModel.DataAnnotations;

namespace Workflow.Storage;

/// <summary>
/// Where the workflow keeps its tables, queues and blobs: a connection string (Azurite, locally), or in Azure an
/// account reached with the app's own identity, so that no account key is needed anywhere.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>A storage connection string; <c>UseDevelopmentStorage=true</c> is Azurite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The storage account's name, reached with the identity <c>DefaultAzureCredential</c> finds (the app's managed identity in Azure).</summary>
    [RegularExpression("^[a-z0-9]{3,24}$")]
    public string? AccountName { get; set; }

    /// <summary>The endpoints' DNS suffix: Azure's public cloud unless another is named.</summary>
    [Required]
    public string EndpointSuffix { get; set; } = "core.windows.net";

    /// <summary>Put in front of every table, queue and container name, so tests can share one account.</summary>
    [RegularExpression("^[a-z]{0,12}$")]
    public string Prefix { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) == string.IsNullOrWhiteSpace(AccountName))
        {
            yield return new ValidationResult(
                "Set either Storage:ConnectionString (UseDevelopmentStorage=true for Azurite) or Storage:AccountName (reached with the app's identity), not both.",
                [nameof(ConnectionString), nameof(AccountName)]);
        }
    }
}
