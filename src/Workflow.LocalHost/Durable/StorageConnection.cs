using Microsoft.Extensions.Configuration;

namespace Workflow.LocalHost.Durable;

/// <summary>The task hub's storage account: the setting's name (for messages) and its connection string.</summary>
internal sealed record StorageConnection(string Name, string ConnectionString)
{
    public static StorageConnection From(IConfiguration configuration, LocalHostOptions options)
    {
        var name = options.ConnectionName;
        var value = configuration[name] ?? configuration.GetConnectionString(name);
        return string.IsNullOrWhiteSpace(value)
            ? throw new StorageUnavailableException(
                $"Storage connection '{name}' is not set; set it (UseDevelopmentStorage=true for Azurite started by scripts/azurite.sh).")
            : new StorageConnection(name, value);
    }
}
