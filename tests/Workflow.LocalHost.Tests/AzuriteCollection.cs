using Workflow.Testing;

namespace Workflow.LocalHost.Tests;

/// <summary>One Azurite for every test that runs the durable backend; each test takes its own task hub.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
