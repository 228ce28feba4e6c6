using Microsoft.Azure.Functions.Worker;

namespace Workflow.Functions.Api;

public static class OpenApiFunctions
{
    // Describing the API gives away nothing a caller could not learn from its error messages, and a client generator
    // must be able to read it before anyone signs in.
    [Function("OpenApiDocument")]
    public static IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest request) =>
        Results.Text(ApiDescription.Json, "application/json", System.Text.Encoding.UTF8);
}
