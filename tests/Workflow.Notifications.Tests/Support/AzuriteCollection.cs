using Workflow.Testing;

namespace Workflow.Notifications.Tests.Support;

/// <summary>One Azurite for every test that needs storage; each test takes its own prefixed account from it.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
