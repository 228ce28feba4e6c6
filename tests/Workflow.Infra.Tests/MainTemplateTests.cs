using System.Text.Json.Nodes;
using Workflow.Infra.Tests.Support;
using Workflow.Testing;

namespace Workflow.Infra.Tests;

/// <summary>
/// infra/main.bicep as Azure would deploy it: it compiles and lints clean, it runs the custom handler the build
/// publishes, it sets every setting the service needs in Azure (and no misspelt one), and it keeps every secret in Key Vault.
/// </summary>
public sealed class MainTemplateTests
{
    /// <summary>Settings the Functions platform reads itself, not the service.</summary>
    private static readonly string[] PlatformSettings = ["AzureWebJobsStorage__accountName", "APPLICATIONINSIGHTS_CONNECTION_STRING"];

    /// <summary>What the service cannot run in Azure without: where its storage is, how it signs links, how it sends mail.</summary>
    private static readonly string[] Required =
        ["Storage__AccountName", "Links__SigningKey", "Links__BaseUrl", "SendGrid__ApiKey", "SendGrid__FromEmail", "Workflow__RoundFile"];

    private static readonly string[] Secrets = ["Links__SigningKey", "SendGrid__ApiKey"];

    [Theory]
    [InlineData("lint")]
    [InlineData("build")]
    public async Task MainBicep_LintAndBuild_NoDiagnostics(string command)
    {
        var run = await Bicep.RunAsync(null, [command, Bicep.Infra("main.bicep"), .. command == "build" ? ["--stdout"] : Array.Empty<string>()]);

        Assert.True(run.ExitCode == 0 && run.Errors.Length == 0, run.ToString());
    }

    [Fact]
    public async Task Parameters_SecretsFromTheEnvironment_BuildWithThem_AndNotWithoutThem()
    {
        var secrets = new Dictionary<string, string> { ["SENDGRID_API_KEY"] = "SG.example", ["LINK_SIGNING_KEY"] = Convert.ToBase64String(new byte[32]) };

        var with = await Bicep.RunAsync(secrets, "build-params", Bicep.Infra("main.bicepparam"), "--stdout");
        var without = await Bicep.RunAsync(new Dictionary<string, string> { ["SENDGRID_API_KEY"] = "SG.example" }, "build-params", Bicep.Infra("main.bicepparam"), "--stdout");

        Assert.True(with.ExitCode == 0 && with.Errors.Length == 0, with.ToString());
        var parameters = JsonNode.Parse(JsonNode.Parse(with.Output)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Equal("SG.example", parameters["sendGridApiKey"]!["value"]!.GetValue<string>());
        // The file itself holds no secret: without the variable there is nothing to deploy.
        Assert.NotEqual(0, without.ExitCode);
        Assert.Contains("LINK_SIGNING_KEY", without.Errors + without.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionApp_RunsTheCustomHandlerOnLinuxFlexConsumption_OverHttpsOnly()
    {
        var template = await Bicep.TemplateAsync();

        var app = Assert.Single(template.Resources("Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", app["kind"]!.GetValue<string>());
        var properties = app["properties"]!;
        // Flex Consumption creates no "custom" runtime; dotnet-isolated hosts it, for the framework the handler is built for.
        Assert.Equal("dotnet-isolated", properties["functionAppConfig"]!["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", properties["functionAppConfig"]!["runtime"]!["version"]!.GetValue<string>());
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", RepositoryFiles.Read("Directory.Build.props"), StringComparison.Ordinal);
        Assert.Equal("FlexConsumption", Assert.Single(template.Resources("Microsoft.Web/serverfarms"))["sku"]!["tier"]!.GetValue<string>());
        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("SystemAssigned", app["identity"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppSettings_EveryRequiredSetting_AndOnlySettingsTheServiceOrThePlatformReads()
    {
        var settings = await AppSettingsAsync();
        // local.settings.sample.json lists every setting the service reads.
        var known = JsonNode.Parse(RepositoryFiles.Read("src", "Workflow.Functions", "local.settings.sample.json"))!["Values"]!.AsObject()
            .Select(p => p.Key).Concat(PlatformSettings).ToHashSet(StringComparer.Ordinal);

        Assert.All(Required, name => Assert.Contains(name, settings.Keys));
        Assert.All(settings.Keys, name => Assert.True(known.Contains(name), $"'{name}' is not a setting the service reads"));
        // Flex Consumption sets the worker runtime itself and refuses it as a setting.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
    }

    [Fact]
    public async Task Secrets_KeptInKeyVault_SettingsOnlyReferToThem_AndTheAppMayReadThem()
    {
        var template = await Bicep.TemplateAsync();
        var settings = await AppSettingsAsync();

        foreach (var name in Secrets)
        {
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})', reference(resourceId('Microsoft.KeyVault/vaults/secrets'", settings[name], StringComparison.Ordinal);
            Assert.Contains($"'{name.Replace("__", "--", StringComparison.Ordinal)}'", settings[name], StringComparison.Ordinal);
        }
        Assert.All(template["parameters"]!.AsObject().Where(p => p.Key is "sendGridApiKey" or "linkSigningKey"),
            p => Assert.Equal("securestring", p.Value!["type"]!.GetValue<string>()));
        var vault = Assert.Single(template.Resources("Microsoft.KeyVault/vaults"))["properties"]!;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["enablePurgeProtection"]!.GetValue<bool>());
        // Key Vault Secrets User (the built-in role's fixed id), on the vault, for the app's own identity.
        Assert.Equal("4633458b-17de-408a-b874-0445c86b69e6", template["variables"]!["roles"]!["keyVaultSecretsUser"]!.GetValue<string>());
        Assert.Contains(template.Resources("Microsoft.Authorization/roleAssignments"), r =>
            r["properties"]!["roleDefinitionId"]!.ToJsonString().Contains("keyVaultSecretsUser", StringComparison.Ordinal)
            && r["scope"]!.ToJsonString().Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal)
            && r["properties"]!["principalId"]!.ToJsonString().Contains("Microsoft.Web/sites", StringComparison.Ordinal));
        // Nothing secret comes back out of the deployment, where anyone who may read deployments would see it.
        Assert.All(template["outputs"]!.AsObject(), o => Assert.DoesNotMatch("listKeys|sendGridApiKey|linkSigningKey|secretUri", o.Value!.ToJsonString()));
    }

    [Fact]
    public async Task Storage_PrivateEncryptedInTransitZoneRedundant_ReachedByIdentityAlone()
    {
        var template = await Bicep.TemplateAsync();
        var storage = Assert.Single(template.Resources("Microsoft.Storage/storageAccounts"));

        var properties = storage["properties"]!;
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        // No account key is used anywhere, so none is allowed: the service and the Functions host use the app's identity.
        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.DoesNotContain("listKeys", template.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Storage__ConnectionString", (await AppSettingsAsync()).Keys);
        foreach (var role in (string[])["storageBlobDataOwner", "storageQueueDataContributor", "storageTableDataContributor"])
        {
            Assert.Contains(template.Resources("Microsoft.Authorization/roleAssignments"), r =>
                r["properties"]!["roleDefinitionId"]!.ToJsonString().Contains(role, StringComparison.Ordinal)
                && r["scope"]!.ToJsonString().Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
        }
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
        Assert.Equal("Standard_ZRS", storage["sku"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task IntegrationEvents_TopicDropsRepeats_AppMaySendByIdentityAlone()
    {
        var template = await Bicep.TemplateAsync();
        var settings = await AppSettingsAsync();

        var bus = Assert.Single(template.Resources("Microsoft.ServiceBus/namespaces"));
        Assert.True(bus["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        var topic = Assert.Single(template.Resources("Microsoft.ServiceBus/namespaces/topics"));
        Assert.Contains("planning-events", topic["name"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(topic["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>());
        Assert.Contains(".servicebus.windows.net", settings["IntegrationEvents__ServiceBusNamespace"], StringComparison.Ordinal);
        Assert.Contains("planning-events", settings["IntegrationEvents__Topic"], StringComparison.Ordinal);
        // Azure Service Bus Data Sender (the built-in role's fixed id), on the topic, for the app's own identity.
        Assert.Equal("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", template["variables"]!["roles"]!["serviceBusDataSender"]!.GetValue<string>());
        Assert.Contains(template.Resources("Microsoft.Authorization/roleAssignments"), r =>
            r["properties"]!["roleDefinitionId"]!.ToJsonString().Contains("serviceBusDataSender", StringComparison.Ordinal)
            && r["scope"]!.ToJsonString().Contains("Microsoft.ServiceBus/namespaces/topics", StringComparison.Ordinal)
            && r["properties"]!["principalId"]!.ToJsonString().Contains("Microsoft.Web/sites", StringComparison.Ordinal));
    }

    private static async Task<Dictionary<string, string>> AppSettingsAsync()
    {
        var app = Assert.Single((await Bicep.TemplateAsync()).Resources("Microsoft.Web/sites"));
        return app["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.ToString(), StringComparer.Ordinal);
    }
}
