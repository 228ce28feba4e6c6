using Workflow.Infra.Tests.Support;

namespace Workflow.Infra.Tests;

/// <summary>
/// The Durable task hub in main.bicep: on the app's own storage account, reached with the app's identity (the account
/// refuses keys), with the roles its Azure Storage backend needs, under a name the deployment chooses.
/// </summary>
public sealed class TaskHubTemplateTests
{
    /// <summary>The backend's queues, tables and blobs, and the Functions host's own blobs; built-in roles by their fixed ids.</summary>
    public static TheoryData<string, string> StorageRoles => new()
    {
        { "storageBlobDataOwner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" },
        { "storageQueueDataContributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88" },
        { "storageTableDataContributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" },
    };

    [Fact]
    public async Task Connection_AccountNameAlone_SoTheHostAndTheHubUseTheAppsIdentity()
    {
        var settings = await Bicep.AppSettingsAsync();
        var storage = Assert.Single((await Bicep.TemplateAsync()).Resources("Microsoft.Storage/storageAccounts"));

        Assert.Equal(storage["name"]!.GetValue<string>(), settings["AzureWebJobsStorage__accountName"]);
        // A connection string, or service URIs beside the name, would make the extension read the connection another way.
        Assert.DoesNotContain(settings.Keys, name => name.StartsWith("AzureWebJobsStorage", StringComparison.Ordinal) && name != "AzureWebJobsStorage__accountName");
    }

    [Theory]
    [MemberData(nameof(StorageRoles))]
    public async Task Roles_EachTheBackendNeeds_GivenToTheAppOnItsStorageAccount(string role, string id)
    {
        var template = await Bicep.TemplateAsync();

        Assert.Equal(id, template["variables"]!["roles"]![role]!.GetValue<string>());
        var assignment = Assert.Single(template.AssignmentsToTheApp(role));
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', variables('storageName'))]", assignment["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task HubName_AParameterNamedAfterTheDeployment_GivenToHostJsonAsTaskHubName()
    {
        var template = await Bicep.TemplateAsync();
        var parameter = template["parameters"]!["taskHubName"]!;

        Assert.Equal("[parameters('taskHubName')]", (await Bicep.AppSettingsAsync())["TaskHubName"]);
        // The deployment's name without its hyphens: a hub name is letters and digits only.
        Assert.Equal("[replace(parameters('name'), '-', '')]", parameter["defaultValue"]!.GetValue<string>());
        // The Azure Storage backend takes 3 to 45 characters.
        Assert.Equal(3, parameter["minLength"]!.GetValue<int>());
        Assert.Equal(45, parameter["maxLength"]!.GetValue<int>());
        Assert.Equal("[parameters('taskHubName')]", template["outputs"]!["taskHubName"]!["value"]!.GetValue<string>());
    }
}
