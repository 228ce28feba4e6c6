using Microsoft.Azure.Functions.Worker;

namespace Workflow.Functions.Api;

public sealed class HealthFunctions(TimeProvider time)
{
    [Function("Health")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        Results.Ok(new { status = "ok", now = time.GetUtcNow() });
}
