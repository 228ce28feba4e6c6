using Workflow.Testing;

namespace Workflow.Storage.Tests.Support;

/// <summary>One Azurite for every storage test; each test takes its own prefixed account from it.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
