using System.ComponentModel.DataAnnotations;
using Workflow.Testing;

namespace Workflow.Storage.Tests.Support;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteFixtureTests(AzuriteFixture azurite)
{
    [Fact]
    public void NewOptions_PrefixesAreValidAndDistinct()
    {
        var options = Enumerable.Range(0, 200).Select(_ => azurite.NewOptions()).ToList();

        Assert.All(options, o => Validator.ValidateObject(o, new ValidationContext(o), validateAllProperties: true));
        Assert.Equal(options.Count, options.Select(o => o.Prefix).Distinct(StringComparer.Ordinal).Count());
        Assert.All(options, o => Assert.Equal(azurite.ConnectionString, o.ConnectionString));
    }

    [Fact]
    public void ConnectionStringFor_NamesEachServiceOnLoopback() =>
        Assert.Equal(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;TableEndpoint=http://127.0.0.1:3/devstoreaccount1;",
            AzuriteFixture.ConnectionStringFor(1, 2, 3));
}
