using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Workflow.Functions.Api;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Api;

/// <summary>
/// The API's OpenAPI document as the service serves it: readable by an OpenAPI parser before anyone signs in, with a
/// schema for every body the routes take. That each operation is a real route is held by the route table's tests.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OpenApiTests(QuietHost quiet) : IClassFixture<QuietHost>
{
    [Fact]
    public async Task Document_SignedOut_ServedAndValidOpenApi()
    {
        using var anonymous = new HttpClient { BaseAddress = quiet.Host.Client.BaseAddress };

        using var response = await anonymous.GetAsync("/api/openapi.json");
        var text = await response.Content.ReadAsStringAsync();
        var read = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(ApiDescription.Operations.Select(o => o.Path).Distinct().Order(StringComparer.Ordinal), read.Document!.Paths.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Document_EveryEvent_ItsOwnPathWithTheBodyItTakes()
    {
        var document = JsonNode.Parse(await quiet.Host.Client.GetStringAsync("/api/openapi.json"))!;

        Assert.All(EventRequests.Names, name =>
        {
            var post = document["paths"]![$"/api/rounds/{{round}}/systems/{{system}}/{name}"]!["post"]!;
            var reference = post["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
            var schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
            Assert.Equal(ApiDescription.EventBody(name).Name, reference.Split('/')[^1]);
            Assert.NotNull(schema["properties"]);
        });
    }

    [Fact]
    public async Task Document_ExtensionBody_NamesTheFieldsTheApiReads()
    {
        var document = JsonNode.Parse(await quiet.Host.Client.GetStringAsync("/api/openapi.json"))!;

        var properties = document["components"]!["schemas"]!["ExtensionRequest"]!["properties"]!.AsObject();

        Assert.Equal(["grantedBy", "milestone", "newDue", "reason"], properties.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Document_SignInRoutes_DeclareTheirRefusals_OpenRoutesNone()
    {
        var document = JsonNode.Parse(await quiet.Host.Client.GetStringAsync("/api/openapi.json"))!;

        var status = document["paths"]!["/api/rounds/{round}/status"]!["get"]!;
        var health = document["paths"]!["/api/health"]!["get"]!;

        Assert.NotNull(status["responses"]!["401"]);
        Assert.NotNull(status["responses"]!["403"]);
        Assert.Null(health["responses"]!["401"]);
        Assert.Empty(health["security"]!.AsArray());
    }
}
