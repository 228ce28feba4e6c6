using Microsoft.Extensions.Configuration;
using Workflow.LocalHost.Functions;

namespace Workflow.LocalHost.Tests;

public sealed class HostJsonTests : IDisposable
{
    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    private readonly string _folder = Directory.CreateTempSubdirectory("hostjson").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }""", "")]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "v1" } } }""", "v1")]
    [InlineData("""{ "version": "2.0", "extensions": { "durableTask": { "hubName": "x" } } }""", "api")]
    [InlineData("""{ "version": "2.0" }""", "api")]
    public void RoutePrefix_HostJson_IsItsPrefixOrApi(string json, string prefix)
    {
        Assert.Equal(prefix, HostJson.RoutePrefix(NoSettings, Write(json)));
    }

    [Fact]
    public void RoutePrefix_NoHostJson_IsApi()
    {
        Assert.Equal("api", HostJson.RoutePrefix(NoSettings, Path.Combine(_folder, "absent.json")));
    }

    [Fact]
    public void RoutePrefix_AppSetting_OverridesHostJson()
    {
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:http:routePrefix"] = "override" })
            .Build();

        Assert.Equal("override", HostJson.RoutePrefix(settings, Write("""{ "extensions": { "http": { "routePrefix": "v1" } } }""")));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, "host.json");
        File.WriteAllText(path, json);
        return path;
    }
}
