using Workflow.Testing;

namespace Workflow.Functions.Tests.Support;

/// <summary>One Azurite for every host test; each host takes its own prefixed tables and queues in it.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
