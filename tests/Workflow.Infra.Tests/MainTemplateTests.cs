using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workflow.Infra.Tests.Support;
using Workflow.Testing;

namespace Workflow.Infra.Tests;

/// <summary>
/// infra/main.bicep as Azure would deploy it: it compiles and lints clean, it runs the isolated worker the build
/// publishes, it sets every setting the service needs in Azure (and no misspelt one), and it keeps every secret in Key Vault.
/// </summary>
public sealed partial class MainTemplateTests
{
    /// <summary>Settings the Functions platform reads itself, not the service.</summary>
    private static readonly string[] PlatformSettings = ["AzureWebJobsStorage__accountName", "APPLICATIONINSIGHTS_CONNECTION_STRING"];

    /// <summary>What the service cannot run in Azure without: its storage and task hub, how it signs links, sends mail and publishes events.</summary>
    private static readonly string[] Required =
    [
        "Storage__AccountName", "TaskHubName", "Links__SigningKey", "Links__BaseUrl", "SendGrid__ApiKey", "SendGrid__FromEmail",
        "SendGrid__EventWebhookPublicKey", "Workflow__RoundFile", "IntegrationEvents__ServiceBusNamespace", "IntegrationEvents__Topic", "SignIn__Mode",
    ];

    private static readonly string[] Secrets = ["Links__SigningKey", "SendGrid__ApiKey"];

    /// <summary>Settings Flex Consumption replaces with functionAppConfig or does without.</summary>
    private static readonly string[] NotOnFlexConsumption =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_TIME_ZONE",
    ];

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
        var secrets = new Dictionary<string, string>
        {
            ["SENDGRID_API_KEY"] = "SG.example", ["LINK_SIGNING_KEY"] = Convert.ToBase64String(new byte[32]), ["SIGN_IN_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555",
            ["SENDGRID_EVENT_WEBHOOK_PUBLIC_KEY"] = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQc=",
        };

        var with = await Bicep.RunAsync(secrets, "build-params", Bicep.Infra("main.bicepparam"), "--stdout");
        var without = await Bicep.RunAsync(new Dictionary<string, string> { ["SENDGRID_API_KEY"] = "SG.example", ["SIGN_IN_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555", ["SENDGRID_EVENT_WEBHOOK_PUBLIC_KEY"] = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQc=" }, "build-params", Bicep.Infra("main.bicepparam"), "--stdout");

        Assert.True(with.ExitCode == 0 && with.Errors.Length == 0, with.ToString());
        var parameters = JsonNode.Parse(JsonNode.Parse(with.Output)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Equal("SG.example", parameters["sendGridApiKey"]!["value"]!.GetValue<string>());
        // The file itself holds no secret: without the variable there is nothing to deploy.
        Assert.NotEqual(0, without.ExitCode);
        Assert.Contains("LINK_SIGNING_KEY", without.Errors + without.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionApp_RunsTheIsolatedWorkerOnLinuxFlexConsumption_OverHttpsOnly()
    {
        var template = await Bicep.TemplateAsync();

        var app = Assert.Single(template.Resources("Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", app["kind"]!.GetValue<string>());
        var properties = app["properties"]!;
        var config = properties["functionAppConfig"]!;
        // The worker runs on the framework the solution builds for.
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", RepositoryFiles.Read("Directory.Build.props"), StringComparison.Ordinal);
        Assert.Equal("FlexConsumption", Assert.Single(template.Resources("Microsoft.Web/serverfarms"))["sku"]!["tier"]!.GetValue<string>());
        // Orchestrations and activities run in Flex Consumption's "durable" group, the one kept warm.
        Assert.Contains("'durable'", config["scaleAndConcurrency"]!["alwaysReady"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("SystemAssigned", app["identity"]!["type"]!.GetValue<string>());
        var settings = await Bicep.AppSettingsAsync();
        Assert.All(NotOnFlexConsumption, name => Assert.DoesNotContain(name, settings.Keys));
        Assert.DoesNotContain(settings.Keys, name => name.Contains("customHandler", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AppSettings_EveryRequiredSetting_AndOnlySettingsTheServiceOrThePlatformReads()
    {
        var settings = await Bicep.AppSettingsAsync();
        // local.settings.sample.json lists every setting the service reads.
        var known = JsonNode.Parse(RepositoryFiles.Read("local.settings.sample.json"))!["Values"]!.AsObject()
            .Select(p => p.Key).Concat(PlatformSettings).ToHashSet(StringComparer.Ordinal);

        Assert.All(Required, name => Assert.Contains(name, settings.Keys));
        Assert.All(settings.Keys, name => Assert.True(known.Contains(name), $"'{name}' is not a setting the service reads"));
    }

    [Fact]
    public async Task AppSettings_HoldNoKeyOrSecret_OnlyReferencesToKeyVault()
    {
        var template = await Bicep.TemplateAsync();
        var settings = await Bicep.AppSettingsAsync();
        var secureParameters = template["parameters"]!.AsObject()
            .Where(p => p.Value!["type"]!.GetValue<string>() == "securestring").Select(p => p.Key).ToList();

        Assert.NotEmpty(secureParameters);
        foreach (var (name, value) in settings)
        {
            // listKeys, listConnectionStrings and the like hand out a resource's keys.
            Assert.False(ListFunction().IsMatch(value), $"'{name}' reads a key: {value}");
            Assert.DoesNotMatch("(?i)AccountKey|SharedAccessKey|SharedAccessSignature|Password", value);
            Assert.All(secureParameters, p => Assert.DoesNotContain($"parameters('{p}')", value, StringComparison.Ordinal));
        }
        // Application Insights' connection string names where telemetry goes; it grants nothing else, so it is the one
        // connection string a setting holds.
        Assert.Equal(["APPLICATIONINSIGHTS_CONNECTION_STRING"], settings.Keys.Where(k => ConnectionString().IsMatch(k)));
    }

    [Fact]
    public async Task Secrets_KeptInKeyVault_SettingsOnlyReferToThem_AndTheAppMayReadThem()
    {
        var template = await Bicep.TemplateAsync();
        var settings = await Bicep.AppSettingsAsync();

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
        Assert.Contains(template.AssignmentsToTheApp("keyVaultSecretsUser"),
            r => r["scope"]!.GetValue<string>().StartsWith("[resourceId('Microsoft.KeyVault/vaults'", StringComparison.Ordinal));
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
        Assert.DoesNotContain("Storage__ConnectionString", (await Bicep.AppSettingsAsync()).Keys);
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
        Assert.Equal("Standard_ZRS", storage["sku"]!["name"]!.GetValue<string>());
    }

    [GeneratedRegex(@"\blist[A-Za-z]*\(")]
    private static partial Regex ListFunction();

    [Fact]
    public async Task SignIn_AppServiceAuthenticationWithEntraId_AnonymousLetThroughForLinks_TokenStoreOn()
    {
        var template = await Bicep.TemplateAsync();
        var settings = await Bicep.AppSettingsAsync();

        // The service trusts X-MS-CLIENT-PRINCIPAL only in this mode, and the platform sets it only with authentication on.
        Assert.Equal("AppService", settings["SignIn__Mode"]);
        var auth = Assert.Single(template.Resources("Microsoft.Web/sites/config"), r => r["name"]!.ToString().Contains("authsettingsV2", StringComparison.Ordinal));
        var properties = auth["properties"]!;
        Assert.True(properties["platform"]!["enabled"]!.GetValue<bool>());
        // People follow links from e-mail without signing in; the service refuses the rest itself.
        Assert.Equal("AllowAnonymous", properties["globalValidation"]!["unauthenticatedClientAction"]!.GetValue<string>());
        Assert.False(properties["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        var entra = properties["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True(entra["enabled"]!.GetValue<bool>());
        Assert.Equal("[parameters('signInClientId')]", entra["registration"]!["clientId"]!.GetValue<string>());
        Assert.Contains("parameters('signInTenantId')", entra["registration"]!["openIdIssuer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(properties["login"]!["tokenStore"]!["enabled"]!.GetValue<bool>());
        Assert.True(properties["httpSettings"]!["requireHttps"]!.GetValue<bool>());
        Assert.Equal("string", template["parameters"]!["signInClientId"]!["type"]!.GetValue<string>());
    }

    [GeneratedRegex("(?i)connection_?string")]
    private static partial Regex ConnectionString();
}
