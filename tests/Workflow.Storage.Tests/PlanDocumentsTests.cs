using System.Text;
using Workflow.Core;
using Workflow.Storage.Tests.Support;
using Workflow.Testing;

namespace Workflow.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class PlanDocumentsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = TestData.London(11, 14);

    [Fact]
    public async Task UploadAsync_SameFileTwiceInOneSecond_TwoDocuments_RemovingOneKeepsTheOther()
    {
        var documents = new PlanDocuments(await azurite.CreateAccountAsync());

        var first = await UploadAsync(documents, "final plan.pdf", "first");
        var second = await UploadAsync(documents, "final plan.pdf", "second");
        await documents.DeleteAsync(TestData.Instance, second);

        Assert.NotEqual(first, second);
        Assert.StartsWith($"{TestData.Instance.Round}/{TestData.Instance.System}/final/", first, StringComparison.Ordinal);
        Assert.EndsWith("-final-plan.pdf", first, StringComparison.Ordinal);
        Assert.Equal("first", await ReadAsync(documents, first));
        Assert.Null(await documents.OpenAsync(TestData.Instance, second));
    }

    [Fact]
    public async Task DeleteAsync_AnotherInstancesDocument_LeftAlone()
    {
        var documents = new PlanDocuments(await azurite.CreateAccountAsync());
        var name = await UploadAsync(documents, "plan.pdf", "theirs");

        await documents.DeleteAsync(new InstanceId(TestData.Round.Id, TestData.Peer), name);

        Assert.Equal("theirs", await ReadAsync(documents, name));
    }

    [Fact]
    public async Task OpenAsync_AfterUpload_NamedAsTheUploadWas()
    {
        var documents = new PlanDocuments(await azurite.CreateAccountAsync());
        var name = await UploadAsync(documents, "Plan for Cumbria & North East – final.pdf", "plan");

        var document = await documents.OpenAsync(TestData.Instance, name);

        Assert.Equal("Plan for Cumbria & North East – final.pdf", document?.FileName);
        Assert.Equal("application/pdf", document?.ContentType);
    }

    private static async Task<string> UploadAsync(PlanDocuments documents, string file, string text)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await documents.UploadAsync(TestData.Instance, "final", file, "application/pdf", content, At);
    }

    private static async Task<string?> ReadAsync(PlanDocuments documents, string name)
    {
        if (await documents.OpenAsync(TestData.Instance, name) is not { } document)
        {
            return null;
        }
        using var reader = new StreamReader(document.Content);
        return await reader.ReadToEndAsync();
    }
}
