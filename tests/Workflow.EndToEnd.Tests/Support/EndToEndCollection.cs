using Workflow.Testing;

namespace Workflow.EndToEnd.Tests.Support;

/// <summary>
/// One Azurite and one browser for every end-to-end test; each host takes its own prefixed tables and queues in
/// that Azurite. The tests of the collection run one after another, so timings stay steady on two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "End to end";
}
