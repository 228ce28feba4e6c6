using System.Text.Json.Nodes;
using System.Xml;
using Workflow.Infra.Tests.Support;

namespace Workflow.Infra.Tests;

/// <summary>
/// The Service Bus topic in main.bicep that integration events go to: reached by Entra identities alone, dropping an
/// event sent twice, and open to the app for sending to that topic and nothing else.
/// </summary>
public sealed class IntegrationEventsTemplateTests
{
    private const string Topic = "planning-events";

    [Fact]
    public async Task Namespace_StandardTier_IdentityOnly_Tls12()
    {
        var template = await Bicep.TemplateAsync();

        var bus = Assert.Single(template.Resources("Microsoft.ServiceBus/namespaces"));
        // Basic has no topics.
        Assert.Equal("Standard", bus["sku"]!["name"]!.GetValue<string>());
        Assert.True(bus["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("1.2", bus["properties"]!["minimumTlsVersion"]!.GetValue<string>());
        // With local auth off a shared access rule would be dead weight, and a key to leak if it were ever turned on.
        Assert.DoesNotContain(template["resources"]!.AsArray(),
            r => r!["type"]!.GetValue<string>().Contains("authorizationRules", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Topic_DropsAnEventSentTwiceWithinDays()
    {
        var topic = await TopicAsync();

        Assert.True(topic["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>());
        var window = XmlConvert.ToTimeSpan(topic["properties"]!["duplicateDetectionHistoryTimeWindow"]!.GetValue<string>());
        // Longer than an activity's retries and an outage over a long weekend; no longer than Service Bus keeps.
        Assert.InRange(window, TimeSpan.FromDays(4), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task Sender_TheAppAlone_ScopedToTheTopic()
    {
        var template = await Bicep.TemplateAsync();

        // Azure Service Bus Data Sender, the built-in role's fixed id.
        Assert.Equal("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", template["variables"]!["roles"]!["serviceBusDataSender"]!.GetValue<string>());
        var assignment = Assert.Single(template.AssignmentsToTheApp("serviceBusDataSender"));
        var scope = assignment["scope"]!.GetValue<string>();
        Assert.StartsWith("[resourceId('Microsoft.ServiceBus/namespaces/topics'", scope, StringComparison.Ordinal);
        Assert.EndsWith($"'{Topic}')]", scope, StringComparison.Ordinal);
        // Nothing else on Service Bus is given to anyone: consumers' receivers come with their own subscriptions.
        Assert.Single(template.Resources("Microsoft.Authorization/roleAssignments"),
            r => r["scope"]!.GetValue<string>().Contains("Microsoft.ServiceBus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppSettings_TheNamespaceHostAndTheTopic_ForThePublisher()
    {
        var settings = await Bicep.AppSettingsAsync();
        var topic = await TopicAsync();

        // The host of the namespace's endpoint (<namespace>.servicebus.windows.net), as ServiceBusClient takes it.
        Assert.StartsWith("[split(split(reference(resourceId('Microsoft.ServiceBus/namespaces'", settings["IntegrationEvents__ServiceBusNamespace"], StringComparison.Ordinal);
        Assert.EndsWith(".serviceBusEndpoint, '/')[2], ':')[0]]", settings["IntegrationEvents__ServiceBusNamespace"], StringComparison.Ordinal);
        Assert.Equal(Topic, settings["IntegrationEvents__Topic"]);
        Assert.EndsWith($"'{Topic}')]", topic["name"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonObject> TopicAsync() =>
        Assert.Single((await Bicep.TemplateAsync()).Resources("Microsoft.ServiceBus/namespaces/topics"));
}
