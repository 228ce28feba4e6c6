using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.Notifications.Links;

namespace Workflow.Functions.Tests;

/// <summary>The signing key for links: where mail really goes out it must be configured; with mail kept locally one is made.</summary>
public sealed class ServiceRegistrationTests
{
    private static SignedLinkOptions Links(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        using var provider = new ServiceCollection().AddLogging().AddWorkflow(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SignedLinkOptions>>().Value;
    }

    [Fact]
    public void AddWorkflow_MailKeptLocallyAndNoKey_AKeyIsMadeThatSigns()
    {
        var links = Links();

        Assert.Equal(32, LinkSigner.ParseKey(links.SigningKey).Length);
    }

    [Fact]
    public void AddWorkflow_MailSentThroughSendGridAndNoKey_RefusedNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Links(("SendGrid:ApiKey", "SG.test"), ("SendGrid:FromEmail", "planning@example.org")));

        Assert.Contains("SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddWorkflow_KeyConfigured_ThatKeyIsUsed()
    {
        var key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

        Assert.Equal(key, Links(("SendGrid:ApiKey", "SG.test"), ("SendGrid:FromEmail", "planning@example.org"), ("Links:SigningKey", key)).SigningKey);
    }
}
