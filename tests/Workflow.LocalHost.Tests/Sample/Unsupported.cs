using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Workflow.LocalHost.Tests.Sample;

/// <summary>
/// Functions this host refuses, each for one reason. The outer class is internal, so discovery of this assembly's
/// public types never meets them; tests hand them over one by one.
/// </summary>
internal static class Unsupported
{
    public sealed class ActivityWithExtraParameter
    {
        [Function("Extra")]
        public static string Run([ActivityTrigger] string input, string id) => input + id;
    }

    public sealed class OrchestratorWithInputParameter
    {
        // The Durable Task analyzer refuses this at build time too; discovery must refuse a compiled one as well.
#pragma warning disable DURABLE1001
        [Function("TakesInput")]
        public static Task<string> Run([OrchestrationTrigger] string input) => Task.FromResult(input);
#pragma warning restore DURABLE1001
    }

    public sealed class HttpReturningText
    {
        [Function("Text")]
        public static string Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => "text";
    }

    public sealed class HttpWithUnknownParameter
    {
        [Function("Unknown")]
        public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] HttpRequest request, string tenant) =>
            Results.Ok(tenant);
    }

    public sealed class TwoTriggers
    {
        [Function("Both")]
        public static string Run([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request, [ActivityTrigger] string input) => input;
    }

    public sealed class SameNameTwice
    {
        [Function("Twice")]
        public static string First([ActivityTrigger] string input) => input;

        [Function("twice")]
        public static string Second([ActivityTrigger] string input) => input;
    }
}
