using System.Net;
using System.Text.Json.Nodes;
using Workflow.Functions.Tests.Support;
using Workflow.Testing;

namespace Workflow.Functions.Tests.CustomHandler;

/// <summary>
/// In Azure only the paths of an HTTP function reach the app, so host.json's route prefix and the function.json
/// routes beside the executable must cover every page and API people use, with the right authorisation, and the
/// app must answer them there: a link in an e-mail that the Functions host does not route is a dead link.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionRoutesTests(AzuriteFixture azurite)
{
    private static readonly IReadOnlyList<HttpFunction> Functions = HttpFunction.ReadAll(AppContext.BaseDirectory);

    public static TheoryData<string, string, string> Routed => new()
    {
        { "GET", "/api/health", "anonymous" },
        { "GET", "/api/rounds", "function" },
        { "GET", "/api/rounds/2019-20/status?format=csv", "function" },
        { "POST", "/api/rounds/2019-20/systems/E54000005/submission", "function" },
        { "PUT", "/api/rounds/2019-20/timetable", "function" },
        { "GET", "/api/instances?stage=drafting&top=5", "function" },
        { "GET", "/api/instances/2019-20/E54000005", "function" },
        { "POST", "/api/instances/2019-20/E54000005/suspend", "function" },
        // People follow links from e-mail with no function key: the signed link is their authorisation.
        { "GET", "/links/payload.signature", "anonymous" },
        { "POST", "/links/payload.signature", "anonymous" },
        { "POST", "/links/payload.signature/delegate", "anonymous" },
        { "GET", "/links/payload.signature/document/1", "anonymous" },
        { "GET", "/assets/nhsuk-frontend.min.css", "anonymous" },
    };

    /// <summary>What only a developer's local run has: the mail drop and the virtual clock.</summary>
    public static TheoryData<string, string> LocalOnly => new()
    {
        { "GET", "/mail" },
        { "GET", "/mail/20190627T080000-0000000000000000.json" },
        { "GET", "/api/clock" },
        { "POST", "/api/clock" },
    };

    [Theory]
    [MemberData(nameof(Routed))]
    public async Task Path_RoutedByOneFunctionWithItsAuthorisation_AndTheAppAnswersIt(string method, string path, string authLevel)
    {
        var function = Assert.Single(Functions, f => f.Routes(method, path));
        Assert.Equal(authLevel, function.AuthLevel);

        await using var host = TestHost.Start(new HostState(azurite));
        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : new StringContent("{}") });

        // The app's own answer (a page, a problem, the data), never the router's empty 404 or 405.
        var body = await response.Content.ReadAsStringAsync();
        Assert.False(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed && body.Length == 0,
            $"{method} {path} is routed by the {function.Name} function but the app has no such endpoint ({(int)response.StatusCode}).");
    }

    [Theory]
    [MemberData(nameof(LocalOnly))]
    public void Path_LocalOnly_NoFunctionRoutesIt(string method, string path) =>
        Assert.DoesNotContain(Functions, f => f.Routes(method, path));

    [Fact]
    public void HostJson_ForwardsRequestsAsTheyAre()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;

        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
    }

    /// <summary>An HTTP-triggered function as the Functions host reads it: its folder's function.json under host.json's route prefix.</summary>
    private sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, string AuthLevel)
    {
        public static IReadOnlyList<HttpFunction> ReadAll(string root)
        {
            // The host puts "api" in front of every route unless host.json says otherwise.
            var prefix = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "host.json")))!["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
            return [.. Directory.GetFiles(root, "function.json", SearchOption.AllDirectories)
                .Select(file => (Name: Path.GetFileName(Path.GetDirectoryName(file)!), Bindings: JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray()))
                .SelectMany(f => f.Bindings.Where(b => b!["type"]!.GetValue<string>() == "httpTrigger").Select(b => new HttpFunction(
                    f.Name,
                    string.Join('/', new[] { prefix, b!["route"]!.GetValue<string>() }.Where(part => part.Length > 0)),
                    [.. b["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant())],
                    b["authLevel"]!.GetValue<string>())))];
        }

        /// <summary>Literal segments must match; a trailing catch-all (<c>{*rest}</c>) takes any rest, or none.</summary>
        public bool Routes(string method, string path)
        {
            if (!Methods.Contains(method))
            {
                return false;
            }
            var requested = path.Split('?')[0].Trim('/');
            var catchAll = Route.IndexOf("{*", StringComparison.Ordinal);
            if (catchAll < 0)
            {
                return string.Equals(requested, Route, StringComparison.OrdinalIgnoreCase);
            }
            var literal = Route[..catchAll].TrimEnd('/');
            return string.Equals(requested, literal, StringComparison.OrdinalIgnoreCase)
                || requested.StartsWith(literal + "/", StringComparison.OrdinalIgnoreCase);
        }
    }
}
